__kSearch.shard("b",{"b":[232,2514]},{});
