__kSearch.shard("kw",{"kw":[244,2424]},{"kw":[1,244]});
