__kSearch.shard("mb",{"mbit":[120,2959]},{"mb":[1,120]});
