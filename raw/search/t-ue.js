__kSearch.shard("ue",{"uen":[227,325]},{"ue":[1,227]});
