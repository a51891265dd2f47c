__kSearch.shard("vo",{"vognhall":[42,2814],"voks":[130,258],"voksenopplaering":[219,225,1,2380],"volum":[102,107,80,293],"volumknapp":[102,232]},{"vo":[6,220,42,182,130,102,219]});
