__kSearch.shard("kh",{"khz":[3,2568]},{"kh":[1,3]});
