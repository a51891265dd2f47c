__kSearch.shard("cl",{"classic":[3,2568]},{"cl":[1,3]});
