# 车型库

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
