__kSearch.shard("qu",{"questback":[152,317],"quick":[197,4606,18,125]},{"qu":[3,197,152,215]});
