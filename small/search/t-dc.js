__kSearch.shard("dc",{"dc":[36,10012]},{"dc":[1,36]});
