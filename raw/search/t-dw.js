__kSearch.shard("dw",{"dwg":[49,2631]},{"dw":[1,49]});
