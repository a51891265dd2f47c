__kSearch.shard("ps",{"psykologisk":[193,3630]},{"ps":[1,193]});
