__kSearch.shard("if",{"ifc":[49,2631],"ifolg":[83,198]},{"if":[2,49,83]});
