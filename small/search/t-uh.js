__kSearch.shard("uh",{"uhell":[217,309]},{"uh":[1,217]});
