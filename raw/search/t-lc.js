__kSearch.shard("lc",{"lc":[69,2625]},{"lc":[1,69]});
