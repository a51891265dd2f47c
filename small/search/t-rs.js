__kSearch.shard("rs",{"rsrp":[155,2625]},{"rs":[1,155]});
