# Reference for pioneer's FlowSOM tree (src/cytometry/tree.cc): the minimum
# spanning tree of SOM codes with igraph, as FlowSOM's BuildMST (complete
# graph weighted by the Euclidean distances between codes, then
# igraph::mst). Codes: a 10x10 map of 6 markers drawn with seed 3, with
# structure (three gradients) so that the tree is not a random star.
# Run from the repository root: Rscript tests/reference/cytometry_tree.R
suppressPackageStartupMessages({ library(igraph); library(jsonlite) })
set.seed(3)
nodes <- 100; markers <- 6
grid <- expand.grid(x = 1:10, y = 1:10)
codes <- cbind(grid$x / 10, grid$y / 10, (grid$x + grid$y) / 20, matrix(rnorm(nodes * 3, sd = 0.05), nodes, 3))
codes <- round(codes, 6)
adjacency <- as.matrix(dist(codes))
graph <- graph.adjacency(adjacency, mode = "undirected", weighted = TRUE)
tree <- mst(graph)
edges <- as_edgelist(tree, names = FALSE)
edges <- t(apply(edges, 1, sort)) - 1  # 0-based, a < b
edges <- edges[order(edges[, 1], edges[, 2]), ]
out <- list(r_version = R.version.string, igraph = as.character(packageVersion("igraph")),
            call = "mst(graph.adjacency(as.matrix(dist(codes)), mode = \"undirected\", weighted = TRUE))",
            xdim = 10, ydim = 10, markers = markers, codes = as.vector(t(codes)),
            edges = unname(split(edges, seq_len(nrow(edges)))), total_length = sum(E(tree)$weight))
dir.create("tests/fixtures/cytometry", showWarnings = FALSE, recursive = TRUE)
writeLines(toJSON(out, auto_unbox = TRUE, digits = NA), "tests/fixtures/cytometry/som_tree.json")
cat(nrow(edges), "edges, length", sum(E(tree)$weight), "\n")
