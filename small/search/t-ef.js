__kSearch.shard("ef",{"effektbudsjett":[236,2959],"effektiviser":[225,131],"effektmal":[71,2613]},{"ef":[3,236,71,225]});
