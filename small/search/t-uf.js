__kSearch.shard("uf",{"ufar":[125,191,61,365],"uforstyrr":[130,258]},{"uf":[3,130,186,125]});
