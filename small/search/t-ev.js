__kSearch.shard("ev",{"ev2":[3,2568],"eventuelt":[89,212,37,221]},{"ev":[3,3,126,89]});
