# 客户

## 客户
entity-customer-list = 客户列表
customer-new = 新建客户
customer-edit = 编辑客户：{ $name }
customer-search = 搜索
customer-search-hint = 姓名、手机号或身份证后四位
customer-empty = 还没有客户。新建第一位客户开始跟进吧。
customer-none-found = 没有符合条件的客户，试试其他关键词或重置筛选。
customer-kind-individual = 个人
customer-kind-company = 企业
customer-open-existing = 查看已有客户
customer-profile = 客户档案
customer-reveal-id = 显示完整号码
customer-id-keep = 留空则保持原身份证号
sort-created_desc = 最新建档
sort-created_asc = 最早建档
sort-name_asc = 按姓名
sort-name_desc = 按姓名倒序
sort-updated_desc = 最近更新
