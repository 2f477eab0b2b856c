/**
 * Place names a question can be scoped to. A place the question names must be named by the
 * evidence too: a passage about 太原 does not answer a question about 大同 or 内蒙古. General
 * geography (provinces, Shanxi's cities and counties, large cities), not tied to any question.
 */
const PROVINCES =
  '北京 天津 河北 山西 内蒙古 辽宁 吉林 黑龙江 上海 江苏 浙江 安徽 福建 江西 山东 河南 湖北 湖南 广东 广西 海南 重庆 四川 贵州 云南 西藏 陕西 甘肃 青海 宁夏 新疆 台湾 香港 澳门';
const REGIONS = '京津冀 长三角 珠三角 粤港澳 大湾区 雄安 东北 西北 西南 华北 华东 华南 华中 中部 东部 西部 黄河流域 长江经济带';
const SHANXI_CITIES = '太原 大同 阳泉 长治 晋城 朔州 晋中 运城 忻州 临汾 吕梁';
const SHANXI_COUNTIES =
  '小店 迎泽 杏花岭 尖草坪 万柏林 晋源 清徐 阳曲 娄烦 古交 ' +
  '平城 云冈 新荣 云州 阳高 天镇 广灵 灵丘 浑源 左云 平定 盂县 ' +
  '潞州 上党 屯留 潞城 襄垣 平顺 黎城 壶关 长子 武乡 沁县 沁源 沁水 阳城 陵川 泽州 高平 ' +
  '朔城 平鲁 山阴 应县 右玉 怀仁 榆次 太谷 祁县 平遥 灵石 介休 榆社 左权 和顺 昔阳 寿阳 ' +
  '盐湖 临猗 万荣 闻喜 稷山 新绛 绛县 垣曲 夏县 平陆 芮城 永济 河津 ' +
  '忻府 原平 定襄 五台 代县 繁峙 宁武 静乐 神池 五寨 岢岚 河曲 保德 偏关 ' +
  '尧都 曲沃 翼城 襄汾 洪洞 古县 安泽 浮山 吉县 乡宁 大宁 隰县 永和 蒲县 汾西 侯马 霍州 ' +
  '离石 文水 交城 兴县 临县 柳林 石楼 岚县 方山 中阳 交口 孝义 汾阳';
const CITIES =
  '石家庄 呼和浩特 包头 鄂尔多斯 西安 郑州 济南 青岛 沈阳 大连 长春 哈尔滨 南京 苏州 无锡 杭州 宁波 合肥 福州 厦门 南昌 武汉 长沙 广州 深圳 南宁 海口 成都 贵阳 昆明 拉萨 兰州 西宁 银川 乌鲁木齐 ' +
  '美国 日本 韩国 德国 法国 英国 俄罗斯 欧洲 欧盟 日内瓦 香港';

/** The province the knowledge base is about: naming it does not narrow a question. */
export const HOME_PROVINCE = ['山西', '山西省', '全省', '我省', '本省', '咱省', '晋'];

export const PLACES: ReadonlySet<string> = new Set([PROVINCES, REGIONS, SHANXI_CITIES, SHANXI_COUNTIES, CITIES].join(' ').split(/\s+/).filter(Boolean));

/** Place names in a normalised text, longest first, each span once. */
export function placesIn(normalized: string): string[] {
  const found: string[] = [];
  const names = [...PLACES].sort((a, b) => b.length - a.length);
  let rest = normalized;
  for (const name of names) {
    if (!rest.includes(name)) continue;
    found.push(name);
    rest = rest.split(name).join(' ');
  }
  return found;
}

/** 太原, 太原市, 陕西省, 晋源区: a place name with or without its administrative suffix. */
export function isPlace(word: string): boolean {
  return PLACES.has(word) || (/[省市县区镇]$/.test(word) && PLACES.has(word.slice(0, -1))) || HOME_PROVINCE.includes(word);
}
