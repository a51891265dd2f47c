__kSearch.shard("ab",{"abonnement":[221,2748]},{"ab":[1,221]});
