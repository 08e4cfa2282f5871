// File: pioneer/cytometry/tree.h
// FlowSOM's tree view of a self-organising map (Van Gassen et al. 2015,
// Cytometry A 87:636): the minimum spanning tree of the nodes' codes
// (Euclidean distances, as FlowSOM's BuildMST with igraph), drawn by
// Kamada-Kawai: positions whose distances match the path lengths along the
// tree, found by stress majorization (Gansner, Koren & North 2004) from the
// grid positions, so the drawing is deterministic.
#pragma once

#include <cstddef>
#include <utility>
#include <vector>

#include "pioneer/cytometry/flowsom.h"

namespace pioneer::cytometry {

struct SomTree {
  std::vector<std::pair<std::size_t, std::size_t>>
      edges;                 // nodes - 1 edges (a < b), in Prim's order
  std::vector<double> x, y;  // per node; path lengths in code units
};

// Prim's algorithm from node 0 (ties: the lower node). Needs >= 1 node.
std::vector<std::pair<std::size_t, std::size_t>> MinimumSpanningTree(const Som& som);

SomTree BuildTree(const Som& som);

}  // namespace pioneer::cytometry
