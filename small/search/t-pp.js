__kSearch.shard("pp",{"ppt":[193,10012]},{"pp":[1,193]});
