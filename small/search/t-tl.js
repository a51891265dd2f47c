__kSearch.shard("tl",{"tls":[210,2412]},{"tl":[1,210]});
