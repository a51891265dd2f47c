__kSearch.shard("uv",{"uvent":[125,191,61,365]},{"uv":[2,186,125]});
