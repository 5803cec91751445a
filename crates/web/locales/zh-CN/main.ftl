# autodms — 简体中文（默认语言）

## 导航
nav-home = 首页
nav-menu = 菜单
nav-group-crm = 客户 CRM
nav-group-vehicles = 车型
nav-group-settings = 系统设置
nav-customers = 客户
nav-catalogue = 车型库
nav-stores = 门店
nav-teams = 团队
nav-users = 用户
nav-roles = 角色与权限
nav-audit = 审计日志
nav-password = 修改密码
nav-tokens = API 令牌
nav-logout = 退出登录
nav-store-switch = 切换门店

## 通用操作
action-save = 保存
action-export = 导出 Excel
action-cancel = 取消
action-edit = 编辑
action-search = 查询
action-reset = 重置
action-switch = 切换
action-reset-password = 重置密码
active-yes = 启用
active-no = 停用
filter-all = 全部
filter-from = 开始日期
filter-to = 结束日期
filter-created-from = 建档日期从
filter-created-to = 建档日期至
list-total = 共 { $total } 条
list-sort = 排序
list-page-size = 每页条数
list-more-filters = 更多筛选
history = 变更记录

## 登录
login-title = 登录
login-tagline = 汽车经销商管理系统
login-submit = 登录

## 首页
home-welcome = 您好，{ $name }
home-customers-visible = 我可见的客户
home-trims = 在售车型配置

## 提示
flash-saved = 已保存
flash-customer-created = 客户已建档
flash-user-created = 用户已创建
flash-password-reset = 密码已重置，该用户需重新登录
flash-password-changed = 密码已修改，其他设备已退出登录
flash-token-created = API 令牌已创建
flash-token-revoked = API 令牌已吊销

## 错误页面与错误信息
error-title = 出错了
error-home = 返回首页
err-validation = 请修正标红的字段后再提交。
err-not-found = 找不到该记录，或您无权查看。
err-forbidden = 您没有执行此操作的权限。
err-stale = 该记录已被他人修改，请刷新页面后重试。
err-unauthenticated = 用户名或密码错误。
err-locked = 登录失败次数过多，请 { $minutes } 分钟后再试。
err-internal = 系统内部错误，请稍后重试或联系管理员。
err-csrf = 页面已过期或来源不明，请刷新页面后重新提交。
err-invalid-character = 输入中含有不允许的字符
err-form-invalid = 表单内容无法识别，请刷新页面后重新填写
err-export-too-large = 超过 50,000 条，无法一次导出，请先缩小筛选范围
err-required = 此项为必填项
err-too-long = 内容过长
err-json-invalid = 请求体不是有效的 JSON，或字段类型不正确
err-query-invalid = 查询参数格式不正确
err-id-length = 身份证号应为 18 位
err-id-character = 身份证号只能包含数字，最后一位可以是 X
err-id-birth-date = 身份证号中的出生日期无效
err-id-check = 身份证号校验位不正确
err-credit-length = 统一社会信用代码应为 18 位
err-credit-character = 统一社会信用代码含有无效字符（不使用 I、O、S、V、Z）
err-credit-check = 统一社会信用代码校验位不正确
err-mobile-format = 手机号应为 11 位，以 13-19 开头
err-mobile-unknown = 该号码不是有效的中国大陆手机号
err-mobile-taken = 本店已有使用该手机号的客户
err-email-invalid = 邮箱格式不正确
err-money-invalid = 请输入金额，例如 123456.78
err-money-decimals = 金额最多两位小数
err-money-range = 金额超出范围
err-money-negative = 金额不能为负数
err-vin-length = VIN 应为 17 位
err-vin-character = VIN 只能包含数字和大写字母（不含 I、O、Q）
err-vin-check = VIN 校验位（第 9 位）不正确
err-store-code-format = 门店代码为 2-8 位大写字母或数字
err-store-code-taken = 该门店代码已被使用
err-store-unknown = 请选择有效的门店
err-team-name-taken = 该门店已有同名团队
err-team-not-in-store = 所选团队不属于该门店
err-username-format = 用户名为 3-32 位小写字母、数字或 . - _
err-username-taken = 该用户名已被使用
err-password-short = 密码至少 10 个字符
err-password-long = 密码最多 128 个字符
err-password-mismatch = 两次输入的密码不一致
err-password-wrong = 当前密码不正确
err-role-unknown = 请选择角色
err-scope-unknown = 请选择有效的数据范围
err-scope-beyond-yours = 不能授予超出您自己的数据范围
err-cannot-demote-self = 不能停用自己或修改自己的角色
err-owner-unknown = 请选择本店的在职员工
err-owner-not-allowed = 您只能把客户分配给自己（或本团队成员）
err-name-taken = 已存在同名记录
err-kind-unknown = 请选择类型
err-fuel-unknown = 请选择燃料类型
err-year-range = 年款应在 2000-2100 之间
err-seats-range = 座位数应在 1-60 之间
err-floor-above-msrp = 最低限价不能高于指导价
err-nev-needs-new-energy = 只有插电混动或纯电车型才能列入免征车辆购置税目录
err-trim-not-of-model = 所选配置不属于该车型

## 字段
field-username = 用户名
field-password = 密码
field-current-password = 当前密码
field-new-password = 新密码
field-repeat-password = 再次输入新密码
field-display-name = 姓名
field-name = 名称
field-name-en = 英文名
field-kind = 类型
field-mobile = 手机号
field-email = 邮箱
field-address = 地址
field-id-number = 身份证号
field-credit-code = 统一社会信用代码
field-contact-person = 联系人
field-notes = 备注
field-owner-id = 归属顾问
field-created-at = 建档时间
field-updated-at = 更新时间
field-code = 代码
field-brand-line = 经营品牌
field-phone = 电话
field-active = 状态
field-store-id = 门店
field-team-id = 团队
field-role = 角色
field-data-scope = 数据范围
field-brand-id = 品牌
field-model = 车型
field-body-type = 车身类型
field-model-year = 年款
field-msrp = 厂商指导价
field-msrp-fen = 厂商指导价（分）
field-floor-price = 最低限价
field-floor-price-fen = 最低限价（分）
field-fuel-type = 燃料类型
field-nev-catalogue = 列入免征车辆购置税的新能源汽车车型目录
field-seats = 座位数
field-extra-price = 加价
field-extra-price-fen = 加价（分）
field-price = 价格
field-price-fen = 价格（分）
field-trim-ids = 适用配置
field-token-name = 令牌名称
field-prefix = 前缀
field-rows = 行数
field-q = 搜索词

## 帮助
help-store-code = 用于订单号等单据编号，例如 SO-BJ01-20261123-0001
help-username = 登录时使用，保存后不可修改
help-password = 至少 10 个字符；可以使用一句好记的话
help-data-scope = 留空则使用该角色的默认范围
help-body-type = 例如：轿车、SUV、MPV
help-floor-price = 低于此价格成交需要审批（订单模块使用）
help-nev-catalogue = 影响车辆购置税减免的计算
help-extra-price = 选择该颜色需加收的金额，没有则留空
help-trim-ids = 不勾选则不适用于任何配置

## 客户
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
sort-name_asc = 名称 A→Z
sort-name_desc = 名称 Z→A
sort-updated_desc = 最近更新

## 组织与用户
store-new = 新建门店
team-new = 新建团队
team-none = （无团队）
team-empty = 还没有团队。
user-new = 新建用户
user-search-hint = 用户名或姓名
user-reset-password = 重置 { $name } 的密码
roles-intro = 角色的权限由系统统一定义；每位用户的数据范围可在用户设置中调整。
role-sales_advisor = 销售顾问
role-sales_manager = 销售经理
role-general_manager = 总经理
role-finance = 财务
role-inventory = 库管 / 物流
role-service_advisor = 服务顾问
role-technician = 技师
role-customer_service = 客服
role-administrator = 系统管理员
role-group_executive = 集团
scope-own = 本人
scope-team = 本团队
scope-store = 本门店
scope-group = 全集团
scope-default = （角色默认）
perm-customer_read = 查看客户
perm-customer_write = 编辑客户
perm-customer_view_mobile = 查看完整手机号
perm-customer_view_id_number = 查看完整身份证号
perm-catalogue_read = 查看车型库
perm-catalogue_manage = 管理车型库
perm-org_manage = 管理门店与团队
perm-user_manage = 管理用户
perm-audit_read = 查看审计日志

## 车型库
catalogue-brands = 品牌
catalogue-empty = 车型库为空，请先新建品牌。
catalogue-trim-count = 配置数
catalogue-price-range = 指导价区间
catalogue-trims = 配置
catalogue-colours = 颜色
catalogue-options = 选装与精品
brand-new = 新建品牌
model-add = 添加车型
model-new = 为 { $brand } 新建车型
trim-new = 新建配置
colour-new = 新建颜色
option-new = 新建选装 / 精品
option-fits-all = 全部配置
option-kind-option = 厂家选装
option-kind-accessory = 精品附件
colour-exterior = 外观色
colour-interior = 内饰色
nev-badge = 免税目录
fuel-petrol = 汽油
fuel-diesel = 柴油
fuel-hybrid = 油电混动
fuel-plugin_hybrid = 插电混动
fuel-electric = 纯电动

## 审计
audit-at = 时间
audit-user = 操作人
audit-action = 操作
audit-entity = 对象
audit-changes = 变更内容
audit-store-created = 新建门店
audit-store-updated = 修改门店
audit-team-created = 新建团队
audit-team-updated = 修改团队
audit-user-created = 新建用户
audit-user-updated = 修改用户
audit-user-password-reset = 重置密码
audit-user-password-changed = 修改密码
audit-user-logged-in = 登录
audit-api-token-created = 创建 API 令牌
audit-api-token-revoked = 吊销 API 令牌
audit-brand-created = 新建品牌
audit-brand-updated = 修改品牌
audit-model-created = 新建车型
audit-model-updated = 修改车型
audit-trim-created = 新建配置
audit-trim-updated = 修改配置
audit-colour-created = 新建颜色
audit-colour-updated = 修改颜色
audit-option-created = 新建选装/精品
audit-option-updated = 修改选装/精品
audit-customer-created = 新建客户
audit-customer-updated = 修改客户
audit-customer-id-number-viewed = 查看完整身份证号
audit-customer-exported = 导出客户列表
entity-customer = 客户
entity-user = 用户
entity-store = 门店
entity-team = 团队
entity-brand = 品牌
entity-model = 车型
entity-trim = 配置
entity-colour = 颜色
entity-option = 选装/精品
entity-api_token = API 令牌

## API 令牌
tokens-intro = 个人 API 令牌用于其他系统调用 autodms 的 JSON 接口，权限与您的账号相同。
tokens-docs = 查看接口文档
tokens-create = 创建令牌
tokens-name-hint = 例如：DMS 对接、报表导出
tokens-shown-once = 请立即复制并妥善保存此令牌，它只显示这一次：
tokens-prefix = 前缀
tokens-last-used = 最近使用
tokens-revoke = 吊销
tokens-revoke-confirm = 吊销后使用此令牌的系统将立即无法访问，确定吊销吗？
tokens-revoked = 已吊销

## 邮件
mail-confirm-subject = 请确认您的购车订单 { $order }
mail-confirm-body = { $customer }，您好：

    感谢您选择{ $store }。您的购车订单 { $order } 已生成，应付总额 { $total }。
    请在手机上打开以下链接查看订单明细并确认；如需修改，也可以在页面上告诉我们：

    { $link }

    链接 14 天内有效。您的销售顾问：{ $advisor }
mail-change-subject = 客户要求修改订单 { $order }
mail-change-body = 客户 { $customer } 要求修改订单 { $order }：

    { $note }

    订单已退回草稿，修改后请重新提交：{ $link }
mail-approval-subject = 待您审批：订单 { $order }
mail-approval-body = 订单 { $order }（客户 { $customer }）需要您审批。
    原因：{ $reasons }

    { $link }
mail-approved-subject = 订单 { $order } 已审批通过
mail-approved-body = 订单 { $order } 已由 { $by } 审批通过。{ $comment }

    { $link }
mail-rejected-subject = 订单 { $order } 被驳回
mail-rejected-body = 订单 { $order } 被 { $by } 驳回，原因：{ $comment }
    订单已退回草稿：{ $link }
mail-customer-approved-subject = 您的订单 { $order } 已确认
mail-customer-approved-body = { $customer }，您好：

    您在{ $store }的订单 { $order } 已审核通过。接下来我们将与您签订购车合同。
    随时查看订单进度：{ $link }
