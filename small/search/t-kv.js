__kSearch.shard("kv",{"kvalit":[150,189,56,2052],"kvalitetssjekk":[150,409],"kvartal":[215,231],"kveldstid":[191,346]},{"kv":[4,206,191,150,215]});
