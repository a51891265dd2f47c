__kSearch.shard("ol",{"olav":[83,198]},{"ol":[1,83]});
