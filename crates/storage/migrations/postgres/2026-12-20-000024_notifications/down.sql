DROP TABLE notice_templates;
DROP TABLE notice_preferences;
DROP TABLE notifications;
