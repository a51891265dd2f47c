__kSearch.shard("yn",{"yngr":[169,246]},{"yn":[1,169]});
