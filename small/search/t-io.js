__kSearch.shard("io",{"ios":[215,231]},{"io":[1,215]});
