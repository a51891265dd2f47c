__kSearch.shard("ud",{"udir":[60,520]},{"ud":[1,60]});
