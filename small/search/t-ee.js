__kSearch.shard("ee",{"eeiendom":[174,501]},{"ee":[1,174]});
