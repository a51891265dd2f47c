__kSearch.shard("nm",{"nm":[71,3570]},{"nm":[1,71]});
