__kSearch.shard("iv",{"ivaretatt":[225,131]},{"iv":[1,225]});
