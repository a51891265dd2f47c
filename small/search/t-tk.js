__kSearch.shard("tk",{"tk":[27,292]},{"tk":[1,27]});
