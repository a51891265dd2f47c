__kSearch.shard("nt",{"ntp":[164,2462]},{"nt":[1,164]});
