__kSearch.shard("ot",{"otdr":[71,2613]},{"ot":[1,71]});
