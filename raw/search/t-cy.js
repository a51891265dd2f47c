__kSearch.shard("cy",{"cybersikkerhetssent":[27,915,139,6708]},{"cy":[2,166,27]});
