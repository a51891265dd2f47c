__kSearch.shard("is",{"isoler":[27,1944]},{"is":[1,27]});
