__kSearch.shard("eb",{"ebyggesak":[85,4146]},{"eb":[1,85]});
