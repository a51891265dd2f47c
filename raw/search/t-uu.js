__kSearch.shard("uu",{"uu":[248,406],"uutilsyn":[248,247]},{"uu":[1,248]});
