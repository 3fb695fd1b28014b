"""China's provincial-level divisions (GB/T 2260) and the main cities, so coverage can be measured from day one."""

from django.db import migrations

PROVINCES = [
    ("110000", "北京市", "Beijing"), ("120000", "天津市", "Tianjin"), ("130000", "河北省", "Hebei"),
    ("140000", "山西省", "Shanxi"), ("150000", "内蒙古自治区", "Inner Mongolia"), ("210000", "辽宁省", "Liaoning"),
    ("220000", "吉林省", "Jilin"), ("230000", "黑龙江省", "Heilongjiang"), ("310000", "上海市", "Shanghai"),
    ("320000", "江苏省", "Jiangsu"), ("330000", "浙江省", "Zhejiang"), ("340000", "安徽省", "Anhui"),
    ("350000", "福建省", "Fujian"), ("360000", "江西省", "Jiangxi"), ("370000", "山东省", "Shandong"),
    ("410000", "河南省", "Henan"), ("420000", "湖北省", "Hubei"), ("430000", "湖南省", "Hunan"),
    ("440000", "广东省", "Guangdong"), ("450000", "广西壮族自治区", "Guangxi"), ("460000", "海南省", "Hainan"),
    ("500000", "重庆市", "Chongqing"), ("510000", "四川省", "Sichuan"), ("520000", "贵州省", "Guizhou"),
    ("530000", "云南省", "Yunnan"), ("540000", "西藏自治区", "Tibet"), ("610000", "陕西省", "Shaanxi"),
    ("620000", "甘肃省", "Gansu"), ("630000", "青海省", "Qinghai"), ("640000", "宁夏回族自治区", "Ningxia"),
    ("650000", "新疆维吾尔自治区", "Xinjiang"), ("710000", "台湾省", "Taiwan"),
    ("810000", "香港特别行政区", "Hong Kong"), ("820000", "澳门特别行政区", "Macao"),
]

CITIES = [
    ("110100", "北京市", "Beijing"), ("120100", "天津市", "Tianjin"), ("130100", "石家庄市", "Shijiazhuang"),
    ("140100", "太原市", "Taiyuan"), ("150100", "呼和浩特市", "Hohhot"), ("210100", "沈阳市", "Shenyang"),
    ("210200", "大连市", "Dalian"), ("220100", "长春市", "Changchun"), ("230100", "哈尔滨市", "Harbin"),
    ("310100", "上海市", "Shanghai"), ("320100", "南京市", "Nanjing"), ("320200", "无锡市", "Wuxi"),
    ("320500", "苏州市", "Suzhou"), ("330100", "杭州市", "Hangzhou"), ("330200", "宁波市", "Ningbo"),
    ("330700", "金华市", "Jinhua"), ("340100", "合肥市", "Hefei"), ("350100", "福州市", "Fuzhou"),
    ("350200", "厦门市", "Xiamen"), ("360100", "南昌市", "Nanchang"), ("370100", "济南市", "Jinan"),
    ("370200", "青岛市", "Qingdao"), ("410100", "郑州市", "Zhengzhou"), ("420100", "武汉市", "Wuhan"),
    ("430100", "长沙市", "Changsha"), ("440100", "广州市", "Guangzhou"), ("440300", "深圳市", "Shenzhen"),
    ("440600", "佛山市", "Foshan"), ("441900", "东莞市", "Dongguan"), ("450100", "南宁市", "Nanning"),
    ("460100", "海口市", "Haikou"), ("500100", "重庆市", "Chongqing"), ("510100", "成都市", "Chengdu"),
    ("520100", "贵阳市", "Guiyang"), ("530100", "昆明市", "Kunming"), ("540100", "拉萨市", "Lhasa"),
    ("610100", "西安市", "Xi'an"), ("620100", "兰州市", "Lanzhou"), ("630100", "西宁市", "Xining"),
    ("640100", "银川市", "Yinchuan"), ("650100", "乌鲁木齐市", "Urumqi"),
]


def load(apps, schema_editor):
    Region = apps.get_model("partners", "Region")
    provinces = {}
    for code, name, name_en in PROVINCES:
        provinces[code[:2]], _ = Region.objects.update_or_create(
            code=code, defaults={"name": name, "name_en": name_en, "level": "province", "parent": None}
        )
    for code, name, name_en in CITIES:
        Region.objects.update_or_create(
            code=code, defaults={"name": name, "name_en": name_en, "level": "city", "parent": provinces[code[:2]]}
        )


def unload(apps, schema_editor):
    codes = [code for code, *_ in CITIES + PROVINCES]
    apps.get_model("partners", "Region").objects.filter(code__in=codes, partners__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("partners", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
