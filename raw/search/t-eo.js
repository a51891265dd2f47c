__kSearch.shard("eo",{"eos":[63,3512]},{"eo":[1,63]});
