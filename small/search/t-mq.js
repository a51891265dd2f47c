__kSearch.shard("mq",{"mqtt":[210,2412]},{"mq":[1,210]});
