__kSearch.shard("mp",{"mport":[107,232,49,312]},{"mp":[2,156,107]});
