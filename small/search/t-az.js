__kSearch.shard("az",{"azur":[18,9044]},{"az":[1,18]});
