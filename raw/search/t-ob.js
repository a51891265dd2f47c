__kSearch.shard("ob",{"objekt":[150,409],"observator":[9,233,85,429]},{"ob":[3,94,150,9]});
