# 销售：邮件、订单、客户订单页

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
mail-approval-subject = 待您审核：订单 { $order }
mail-approval-body = 订单 { $order }（客户 { $customer }）需要您审核。
    原因：{ $reasons }

    { $link }
mail-approved-subject = 订单 { $order } 已审核通过
mail-approved-body = 订单 { $order } 已由 { $by } 审核通过。{ $comment }

    { $link }
mail-rejected-subject = 订单 { $order } 被驳回
mail-rejected-body = 订单 { $order } 被 { $by } 驳回，原因：{ $comment }
    订单已退回草稿：{ $link }
mail-customer-approved-subject = 您的订单 { $order } 已确认
mail-customer-approved-body = { $customer }，您好：

    您在{ $store }的订单 { $order } 已审核通过。接下来我们将与您签订购车合同。
    随时查看订单进度：{ $link }

## 订单
nav-orders = 销售订单
nav-approval-rules = 审核规则
order = 订单
order-new = 新建订单
order-edit = 编辑订单 { $no }
order-no = 订单号
order-customer = 客户
order-vehicle = 车型
order-total = 应付总额
order-trim = 车型配置
order-choose-trim = 请选择车型配置
order-exterior = 外观色
order-interior = 内饰色
order-gifts = 赠品（价值计入审核，不收费）
order-gift-name = 赠品名称
order-gift-value = 价值（元）
order-months = 期
order-search-hint = 订单号、客户姓名或手机号
order-empty = 没有符合条件的订单。
order-view-all = 全部订单
order-view-mine = 我的订单
order-view-team = 本团队
order-view-waiting = 待我审核
order-min-total = 金额不低于
order-max-total = 金额不高于
order-pick-customer = 先找到客户：输入姓名、手机号或身份证后四位。没有的话可以新建。
order-change-customer = 更换客户
order-section-customer = 客户与来源
order-section-vehicle = 车辆
order-section-price = 优惠、费用与置换
order-section-payment = 付款与交车
order-section-total = 价格
order-quote-hint = 选择车型配置后，这里实时显示价格。
order-submit = 提交给客户确认
order-close = 结案
order-approve = 同意
order-reject = 驳回
order-comment = 审核意见（可选）
order-reject-reason = 驳回原因（必填）
order-your-approval = 需要您审核
order-approval-reasons = 需要审核的原因
order-approvals = 审核
order-timeline = 订单进度
order-link-hint = 客户也可以用手机扫描左侧二维码，或复制链接通过微信发给客户。
order-link-qr = 客户确认链接的二维码
order-link-label = 客户确认链接
order-link-copy = 复制链接
order-link-copied = 已复制，可以粘贴到微信发给客户。
order-link-copy-failed = 无法自动复制，请选中链接后按 Ctrl+C。
order-next-step = 下一步
order-next-approval = 第 { $level }/{ $levels } 级审核：{ $role }（{ $names }）
order-next-approval-nobody = 第 { $level }/{ $levels } 级审核：{ $role }。本店目前没有可以审核此订单的{ $role }，请联系系统管理员。
order-end = 取消或战败
order-end-reason = 原因（必填）
order-cancel = 取消订单
order-lost = 标记战败
order-cancel-confirm = 确定要结束这个订单吗？此操作不可撤销。
field-status = 状态
field-channel = 订单来源
field-discount = 优惠方式
field-discount-value = 优惠金额或比例
field-trade-in = 置换抵扣
field-payment-method = 付款方式
field-lender = 贷款机构
field-down-payment = 首付
field-loan-months = 期数（月）
field-expected-delivery = 预计交车日期
field-condition = 条件
field-levels = 审核人（按顺序）
field-threshold = 阈值
field-order-no = 订单号
field-customer-id = 客户
field-total-fen = 总额
field-discount-fen = 优惠
field-gifts-fen = 赠品价值
field-trim-id = 配置
field-terms = 条款
field-command = 操作
field-note = 说明
field-approval-levels = 审核级数
discount-none = 无优惠
discount-amount = 直接减价（元）
discount-percent = 按比例（%）
fee-registration = 上牌服务费
fee-insurance = 代收保险费
fee-extended_warranty = 延保
fee-service_package = 保养套餐
payment-full = 全款
payment-loan = 贷款
payment-company = 公司购车
channel-walk_in = 到店
channel-phone = 电话
channel-website = 官网
channel-referral = 转介绍
channel-social_media = 社交媒体
channel-car_platform = 汽车平台
channel-event = 活动
channel-exhibition = 车展
channel-returning = 老客户
channel-other = 其他
order-sort-created_desc = 最新创建
order-sort-created_asc = 最早创建
order-sort-total_desc = 金额从高到低
order-sort-total_asc = 金额从低到高
order-sort-updated_desc = 最近更新
status-draft = 草稿
status-awaiting_confirmation = 待客户确认
status-awaiting_approval = 待审核
status-approved = 已审核
status-contract_signed = 已签合同
status-paid = 已收款
status-ordered_from_factory = 已向厂家订车
status-vehicle_allocated = 已配车
status-in_transit = 车辆在途
status-arrived = 车辆已到店
status-ready_for_delivery = 待交车
status-delivered = 已交付
status-closed = 已结案
status-cancelled = 已取消
status-lost = 已战败
order-event-created = 创建订单
order-event-edited = 修改订单
order-event-terms_changed = 修改价格条款，退回草稿
order-event-submit = 提交客户确认
order-event-confirm = 客户已确认
order-event-request_change = 客户要求修改
order-event-approve = 审核同意
order-event-reject = 审核驳回
order-event-change_terms = 修改价格条款
order-event-cancel = 取消订单
order-event-mark_lost = 标记战败
order-event-close = 结案
order-event-facts = 进度更新
decision-approved = 同意
decision-rejected = 驳回
decision-waiting = 等待审核
decision-undecided = 未审核（本轮已结束）
flash-order-created = 订单已创建
flash-order-submit = 已提交客户确认（发送到哪里见确认链接旁）
flash-order-approve = 已审核同意
flash-order-reject = 已驳回，订单退回草稿
flash-order-cancel = 订单已取消
flash-order-lost = 已标记战败
flash-order-close = 订单已结案
rule-new = 新建审核规则
rules-intro = 客户确认订单时，系统按这些规则计算需要哪些人审核；审核按销售经理 → 总经理 → 财务的顺序进行。
rules-empty = 还没有审核规则：所有订单在客户确认后直接通过。
help-threshold-percent = 折扣占车价的比例超过此数时需要审核，例如 3 表示 3%（0 表示任何折扣，须小于 100）。
help-threshold-amount = 金额超过此数时需要审核，单位为元（0 表示任何金额，最多 1000 万）。
field-threshold-percent = 折扣比例超过
field-threshold-amount = 金额超过
field-threshold-payment = 付款方式
err-threshold-percent-range = 折扣比例须在 0 到 100% 之间（不含 100%）：折扣不可能超过 100%，这样的规则永远不会生效
err-threshold-amount-range = 金额须在 ¥0 到 ¥10,000,000 之间
help-levels = 条件成立时需要这些角色依次审核。
condition-discount_percent_over = 折扣比例超过
condition-discount_amount_over = 折扣金额超过
condition-below_floor_price = 成交价低于最低限价
condition-gifts_value_over = 赠品价值超过
condition-payment_method_is = 付款方式为
perm-order_read = 查看订单
perm-order_write = 创建和修改订单
perm-order_approve = 审核订单
perm-signing_contact_change = 变更签署联系方式
perm-sale_documents = 下载合同和发票文件
perm-approval_rules_manage = 管理审核规则
audit-order-created = 新建订单
audit-order-updated = 修改订单
audit-order-transition = 订单状态变更
audit-order-facts = 订单进度更新
audit-order-confirmed-by-customer = 客户确认订单
audit-order-change-requested = 客户要求修改
audit-order-exported = 导出订单列表
field-discount-percent = 优惠比例
field-statuses = 状态
audit-approval-rule-created = 新建审核规则
audit-approval-rule-updated = 修改审核规则
entity-order = 订单
entity-order-list = 订单列表
entity-approval_rule = 审核规则
err-trim-required = 请选择车型配置
err-customer-required = 请选择您负责范围内的客户
order-customer-refused = 找不到这位客户，或客户不在您的负责范围内，不能为其下单。请在下面搜索并选择客户，或新建客户。
err-colour-not-of-model = 所选颜色不属于该车型
err-option-not-for-trim = 所选选装或精品不适用于该配置
err-discount-percent = 折扣比例应在 0 到 100 之间
err-discount-too-large = 优惠不能超过车价
err-trade-in-too-large = 置换抵扣不能超过应付金额
err-payment-required = 请选择付款方式
err-loan-months = 贷款期数应在 6 到 60 个月之间
err-channel-required = 请选择订单来源
err-discount-kind-unknown = 优惠方式只能是金额、百分比或无
err-delivery-too-far = 预计交车日期不能晚于两年之后
err-customer-kind-unknown = 客户类型只能是个人或单位
err-status-unknown = 未知的订单状态
err-sort-unknown = 未知的排序方式
err-value-unknown = 未知的取值
err-channel-unknown = 未知的销售渠道
err-page-out-of-range = 页码应为 1 到 1,000,000 之间的数字
err-per-page-unknown = 每页条数只能是 20、50、100 或 200
err-field-unknown = 未知的参数
err-date-out-of-range = 日期应在 1900-01-01 到 2100-12-31 之间
err-delivery-in-past = 预计交车日期不能早于今天
err-date-invalid = 日期格式应为 年-月-日
err-down-payment-too-large = 首付不能超过应付总额
err-order-finished = 订单已结案、取消或战败，不能再操作
err-order-wrong-state = 订单当前状态下不能执行此操作
err-order-customer-only = 只有客户本人可以执行此操作
err-order-staff-only = 只有门店员工可以执行此操作
err-order-own-approval = 不能审核自己的订单
err-order-wrong-level = 当前不是这一级审核
err-order-not-your-level = 当前审核级别不是您的角色
err-order-reason-required = 请填写原因
err-order-contract-signed = 合同已签署：已签条款在变更单（补充协议）取代之前一直有效，不能直接修改价格、优惠、赠品、车型或付款条款
err-order-money-received = 已收款的订单需先由财务处理定金/订金后才能取消
err-order-delivered = 车辆已交付
err-order-not-delivered = 车辆尚未交付，不能结案
err-link-expired = 链接已过期，请联系您的销售顾问重新发送
err-change-note-required = 请告诉我们需要修改什么
err-change-note-too-long = 修改要求最多 500 字，请精简后再发送（您写的内容仍在下面）
err-condition-unknown = 请选择条件
err-approver-role-unknown = 审核人只能是销售经理、总经理或财务
err-levels-required = 请至少选择一个审核人

## 客户订单页
customer-title = 购车订单
customer-confirm-hint = 请核对下方的车型与颜色、选装、价格、赠品、付款方式和交车日期。确认无误后点击页面下方的「确认订单」。
customer-confirm = 确认订单
customer-ask-change = 需要修改？告诉我们
customer-change-placeholder = 例如：想换成白色；希望月底交车
customer-send-change = 发送修改要求
customer-confirmed = 感谢您的确认！我们会尽快审核并与您联系签订合同。
customer-change-sent = 已收到您的修改要求，销售顾问会尽快与您联系。
customer-stale = 订单内容刚刚有更新，请查看后重新确认。
customer-progress = 订单进度
customer-details = 订单明细
customer-advisor = 您的销售顾问
customer-call = 拨打电话
customer-state-draft = 订单正在调整中，销售顾问修改后会再次发给您确认。
customer-state-cancelled = 订单已取消。
customer-state-lost = 订单已关闭。
customer-state-closed = 订单已完成，感谢您的信任！
quote-list-price = 车价（指导价+颜色+选装）
quote-discount = 优惠
quote-vehicle-price = 车辆成交价（含税）
quote-net = 其中不含税价
quote-vat = 其中增值税
quote-accessories = 精品附件
quote-fees = 代办费用
quote-trade-in = 置换抵扣
quote-total = 应付总额
quote-capitals = 大写
quote-purchase-tax = 车辆购置税（估算，另行缴纳）
quote-gifts = 赠品价值

order-copy = 复制订单
flash-order-copied = 已复制为新订单（草稿），请核对后提交
order-event-copied = 由订单复制

## 首页待办
queue-drafts = 我的草稿
queue-drafts-hint = 尚未发给客户确认的订单
queue-drafts-empty = 没有草稿。
queue-returned = 被退回的订单
queue-returned-hint = 审核驳回或客户要求修改，等您处理
queue-returned-empty = 没有被退回的订单。
queue-awaiting-customer = 等待客户确认
queue-awaiting-customer-hint = 已发给客户，等待最久的在前
queue-awaiting-customer-empty = 没有等待客户确认的订单。
queue-awaiting-my-approval = 待我审核
queue-awaiting-my-approval-hint = 等待最久的在前
queue-awaiting-my-approval-empty = 没有等待您审核的订单。
queue-stuck-longest = 停留最久的订单
queue-stuck-longest-hint = 进行中的订单，最久未推进的在前
queue-stuck-longest-empty = 没有进行中的订单。
queue-awaiting-contract-or-money = 待签合同、待收款
queue-awaiting-contract-or-money-hint = 已审核通过，等待合同和款项
queue-awaiting-contract-or-money-empty = 没有等待合同或收款的订单。
queue-awaiting-vehicle = 待配车、车辆在途
queue-awaiting-vehicle-hint = 已付款，等待订车、配车或到店
queue-awaiting-vehicle-empty = 没有等待车辆的订单。
order-sort-updated_asc = 停留最久

## 客户页面：进度与订单条款
customer-step-confirm = 确认订单
customer-step-approval = 门店审核
customer-step-contract = 签订合同
customer-step-payment = 付款
customer-step-vehicle = 备车
customer-step-arrival = 车辆到店
customer-step-delivery = 交车
customer-step-done = 已完成
customer-vehicle = 车型与配置
customer-option = 选装
customer-gifts = 赠品（不收费）
customer-gift-value = 价值
customer-payment = 付款与交车
customer-loan-amount = 贷款金额
customer-loan-term = 贷款期限
customer-delivery-tbd = 待定，销售顾问会与您确认
customer-change-label = 您想修改什么？
perm-pricing_view = 查看底价与审核意见
mail-confirm-sms = { $customer }您好，请确认您在{ $store }的购车订单 { $order }（合计 ¥{ $total }）：{ $link }
mail-customer-approved-sms = { $customer }您好，您在{ $store }的订单 { $order } 已确认，进度可随时查看：{ $link }
err-loan-over-every-product = 贷款金额超过所有贷款产品允许的最高贷款比例，请提高首付款（设置 → 贷款产品）

## 变更单（已签合同的变更）
order-event-change_order_requested = 提出变更单
order-event-change_order_approved = 变更单审批同意
order-event-change_order_rejected = 变更单被驳回
order-event-change_order_withdrawn = 撤回变更单
order-event-change_order_in_force = 变更单生效（补充协议双方已签）
order-event-supplement_generated = 生成补充协议
audit-order-change-order-requested = 提出变更单
audit-order-change-order-approved = 审批变更单
audit-order-change-order-rejected = 驳回变更单
audit-order-change-order-withdrawn = 撤回变更单
audit-order-change-order-in-force = 变更单生效
order-propose-change = 提出变更（变更单）
order-change-title = 变更单 { $no }
order-change-intro = 合同已签署：保存后生成变更单，按审批规则审批，客户在自己的页面签署补充协议、门店会签后才生效。在此之前已签合同继续有效，订单进度不变。
field-change-reason = 变更原因
change-box-title = 变更单
change-status-awaiting_approval = 待审批
change-status-awaiting_signature = 待签补充协议
change-status-in_force = 已生效
change-status-rejected = 已驳回
change-status-withdrawn = 已撤回
change-requested-by = 提出人
change-reason = 原因
change-difference = 差额
change-total-before = 原合同总价
change-total-after = 变更后总价
change-levels = 审批
change-waiting-level = 待第 { $level } 级审批：{ $role }
change-waiting-signature = 补充协议已发送给客户签署；客户签署后由门店会签，会签后订单按新条款执行。
change-approve = 同意变更
change-reject = 驳回变更
change-withdraw = 撤回变更单
change-withdraw-reason = 撤回原因（例如客户不同意）
change-reject-reason = 驳回原因
change-comment = 审批意见（可选）
change-before = 变更前
change-after = 变更后
change-item = 项目
change-field-total = 合同总价
change-field-discount = 优惠
change-field-gifts = 赠品价值
change-field-trade-in = 旧车置换抵扣
change-field-payment = 付款方式
change-field-lender = 贷款机构
change-field-down-payment = 首付款
change-field-loan-months = 贷款期限（月）
change-field-expected-delivery = 预计交车日期
change-field-exterior = 车身颜色
change-field-interior = 内饰颜色
change-field-option = 选装配置
change-field-accessory = 精品附件
change-field-gift = 赠品
change-refund-note = 变更生效后，客户多付的 { $amount } 将自动提交退款申请，由财务审批后退还。
change-due-note = 变更生效后，客户需补付 { $amount }。
flash-change-order-proposed = 变更单已提交审批；已签合同在补充协议生效前继续有效
flash-change-order-approve = 已审批变更单
flash-change-order-reject = 已驳回变更单
flash-change-order-withdraw = 已撤回变更单
err-change-order-not-signed = 合同尚未签署：直接修改订单即可，不需要变更单
err-change-order-delivered = 车辆已交付，不能再变更合同
err-change-order-open-already = 这个订单已有进行中的变更单，请先处理或撤回
err-change-order-nothing-changed = 变更后的条款与已签合同相同，没有需要变更的内容
err-change-order-other-vehicle = 更换车型或买受人不是变更，请取消订单后重新下单
err-change-order-colour-after-vehicle = 车辆已订购或已配车，不能再变更颜色
err-change-order-earnest-over-cap = 已收定金将超过变更后合同总价的 20%，不能这样降价
err-change-order-own-request = 不能审批自己提出的变更单或自己经手的订单
err-change-order-not-your-level = 当前审批级别不属于你的角色
err-change-order-wrong-state = 变更单当前状态不允许这个操作
err-change-order-price-moved = 车型价格或税率在审批后发生变化，请撤回变更单后重新提出
change-approved = 同意
change-rejected = 驳回
customer-change-pending = 合同变更待您签署
customer-change-pending-hint = 门店提出了以下变更并已审批。请阅读补充协议后签署；在补充协议双方签署之前，原合同继续有效。
customer-change-in-force = 查看目前有效的已签合同
field-change-no = 变更单号
field-level = 审批级别
field-comment = 审批意见
sign-read-supplement = 阅读补充协议（PDF）
lender-choose = 请选择（设置 → 贷款产品）
err-lender-not-a-product = 请选择贷款产品中的贷款机构（设置 → 贷款产品）
flash-order-terms-changed = 条款已修改，订单退回草稿：请重新提交客户确认，之后按规则重新审批；未签署的合同已撤回
err-link-revoked = 这个链接已失效：订单的客户已更换。请联系您的销售顾问
order-link-resend = 重新发送给客户
flash-link-sent = 订单页面链接已重新发送给客户
err-order-link-draft = 草稿订单还没有客户页面
err-order-link-no-contact = 客户档案没有可用的手机号（未配置短信）或电子邮箱，请把链接或二维码直接发给客户
order-event-link_sent = 重新发送订单页面链接
audit-order-link-sent = 发送订单页面链接
mail-order-page-subject = 您在{ $store }的订单 { $order }
mail-order-page-body = { $customer }，您好：

    您可以随时在手机上打开以下链接，查看订单 { $order } 的进度、文件和交车安排：

    { $link }

    您的销售顾问：{ $advisor }
mail-order-page-sms = { $customer }您好，您在{ $store }的订单 { $order } 进度及交车安排请查看：{ $link }

## 阶段时限
stage-name = { $stage ->
    [awaiting_confirmation] 待客户确认
    [awaiting_approval] 待审核
    [approved] 待签合同
    [contract_signed] 待付款
    [paid] 待订车配车
    [arrived] 车辆到店待交车
    [ready_for_delivery] 待交车
   *[other] { $stage }
}
mail-stage-overdue-subject = 订单 { $order } 已超过阶段时限（{ $days } 天 { $hours } 小时）
mail-stage-overdue-body = { $person }，您好：

    订单 { $order } 处于“{ stage-name }”阶段，已超过{ $store }规定的时限 { $days } 天 { $hours } 小时，请尽快处理。
    { $link }
mail-stage-escalated-subject = 订单 { $order } 严重超时，请关注
mail-stage-escalated-body = 订单 { $order }（销售顾问：{ $person }）处于“{ stage-name }”阶段，已超过第二道时限，超时 { $days } 天 { $hours } 小时。
    { $link }
mail-order-confirmed-subject = 客户已确认订单 { $order }
mail-order-confirmed-body = { $customer } 已通过链接确认订单 { $order }，需要 { $levels } 级审核。
    { $link }
mail-vehicle-arrived-subject = 订单 { $order } 的车辆已到店
mail-vehicle-arrived-body = 订单 { $order }（{ $customer }）的车辆已到店，请安排 PDI 检查并与客户预约交车。
    { $link }
mail-customer-vehicle-arrived-subject = 您的爱车已到店
mail-customer-vehicle-arrived-body = { $customer }，您好：

    您在{ $store }订购的车辆（订单 { $order }）已到店。我们会尽快完成交车前检查，您可以在订单页面预约交车时间：
    { $link }
mail-customer-vehicle-arrived-sms = { $customer }您好，您在{ $store }订购的车辆已到店，可在此预约交车：{ $link }
queue-overdue-stages = 超时订单
queue-overdue-stages-hint = 超过本店阶段时限的订单，超时最久的在前
queue-overdue-stages-empty = 没有超时的订单。
stage-late = 超时 { $days } 天 { $hours } 小时
stage-late-banner = 本订单在“{ stage-name }”阶段已超过时限 { $days } 天 { $hours } 小时。
stage-late-escalated = 已通知总经理
stage-limits-title = 阶段时限
stage-limits-hint = 订单在每个阶段停留超过第一道时限，提醒销售顾问并列入工作台的超时订单；超过第二道时限，通知总经理。单位：小时（48 = 2 天）。
stage-limits-stage = 阶段
stage-limits-remind = 提醒时限（小时）
stage-limits-escalate = 升级时限（小时）
stage-limits-own = 本店设置
stage-limits-standard = 默认
stage-limits-saved = 阶段时限已保存。
stage-spans-title = 阶段用时
stage-spans-now = 至今
err-stage-not-limited = 此阶段没有时限
err-stage-limit-out-of-range = 时限须在 1 到 8784 小时之间
err-stage-escalation-not-after-limit = 升级时限须大于提醒时限，且不超过 8784 小时
err-stage-limits-empty = 请至少填写一个阶段的时限
audit-stage-limits-set = 设置阶段时限
entity-stage_limits = 阶段时限
perm-stage_limits_manage = 设置阶段时限
