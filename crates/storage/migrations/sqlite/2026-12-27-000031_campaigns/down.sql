DROP TABLE campaign_vehicles;
DROP TABLE campaign_ranges;
DROP TABLE campaign_vins;
DROP TABLE campaigns;
