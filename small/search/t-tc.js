__kSearch.shard("tc",{"tcp":[210,2412]},{"tc":[1,210]});
