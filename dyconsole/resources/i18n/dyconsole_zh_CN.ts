<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AlertAttachment</name>
    <message>
        <location filename="../../ui/alerts/attachment.py" line="+27"/>
        <source>Alerts</source>
        <extracomment>the window&apos;s own words for the alert pieces (context &quot;AlertAttachment&quot;)</extracomment>
        <translation>告警</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Alerts</source>
        <translation>告警(&amp;A)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Alert &amp;rules…</source>
        <translation>告警规则(&amp;R)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Acknowledge &amp;all</source>
        <translation>全部确认(&amp;A)</translation>
    </message>
</context>
<context>
    <name>AlertBanner</name>
    <message>
        <location filename="../../ui/alerts/banner.py" line="+38"/>
        <source>Acknowledge</source>
        <translation>确认</translation>
    </message>
    <message>
        <location line="+45"/>
        <source>%1 · fired at %2</source>
        <translation>%1 · 触发于 %2</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>condition cleared</source>
        <translation>条件已解除</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%n more alert waiting</source>
        <translation>另有 %n 条告警待确认</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>%n more alerts waiting</source>
        <translation>另有 %n 条告警待确认</translation>
    </message>
</context>
<context>
    <name>AlertLogView</name>
    <message>
        <location filename="../../ui/alerts/log_view.py" line="+39"/>
        <source>Fired</source>
        <translation>触发时间</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Severity</source>
        <translation>级别</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Rule</source>
        <translation>规则</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Message</source>
        <translation>内容</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Acknowledged</source>
        <translation>已确认</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Acknowledge selected</source>
        <translation>确认所选</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Critical</source>
        <translation>严重</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Warning</source>
        <translation>警告</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Info</source>
        <translation>提示</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Active</source>
        <translation>进行中</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Cleared %1</source>
        <translation>%1 已解除</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No</source>
        <translation>否</translation>
    </message>
</context>
<context>
    <name>AlertRulesDialog</name>
    <message>
        <location filename="../../ui/alerts/rules_dialog.py" line="+417"/>
        <source>Alert rules</source>
        <translation>告警规则</translation>
    </message>
</context>
<context>
    <name>AlertRulesPanel</name>
    <message>
        <location line="-184"/>
        <source>New</source>
        <translation>新建</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Rules (tick to enable)</source>
        <translation>规则（勾选即启用）</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Save rule</source>
        <translation>保存规则</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Try on a past session</source>
        <translation>在往场数据上试运行</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Try</source>
        <translation>试运行</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>Level (above / below)</source>
        <translation>阈值（高于/低于）</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Below the norm</source>
        <translation>低于常模</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Product below the norm</source>
        <translation>商品低于常模</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Abnormal change</source>
        <translation>异常变化</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No data</source>
        <translation>数据中断</translation>
    </message>
    <message>
        <location line="+54"/>
        <location line="+31"/>
        <source>Fix the fields marked in red.</source>
        <translation>请修改标红的字段。</translation>
    </message>
    <message>
        <location line="-19"/>
        <source>Saved: the rules apply from now on.</source>
        <translation>已保存：规则即时生效。</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>No cached session to try on yet.</source>
        <translation>还没有可用于试运行的往场数据。</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Trying the rule on this session…</source>
        <translation>正在用该场次试运行规则…</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>fired</source>
        <translation>触发</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>cleared</source>
        <translation>解除</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Would have fired once in this session.</source>
        <translation>该场次中会触发 1 次。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Would have fired %n times in this session.</source>
        <translation>该场次中会触发 %n 次。</translation>
    </message>
</context>
<context>
    <name>AudiencePanel</name>
    <message>
        <location filename="../../ui/live/audience_panel.py" line="+79"/>
        <source>Audience</source>
        <translation>观众画像</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Waiting for audience data…</source>
        <translation>等待观众画像数据…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Top cities</source>
        <translation>城市分布TOP</translation>
    </message>
</context>
<context>
    <name>ClickHeatMap</name>
    <message>
        <location filename="../../ui/products/heatmap.py" line="+131"/>
        <source>Point at a cell to read it</source>
        <extracomment>the glossary words of the two views colour scale: dark (few) to bright (many) on the dark theme; the stops sit at squared steps of the top value so the many quiet cells still show their differences beside an explained product&apos;s peak (the colour bar reads true) pixels between a scale&apos;s widest tick text and its title</extracomment>
        <translation>指向一格查看明细</translation>
    </message>
    <message>
        <location line="+194"/>
        <source>being explained</source>
        <translation>讲解中</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>not explained</source>
        <translation>未讲解</translation>
    </message>
</context>
<context>
    <name>CompareView</name>
    <message>
        <location filename="../../ui/review/compare_view.py" line="+81"/>
        <source>Compare sessions (PK)</source>
        <extracomment>the overlaid charts, by series key (each titled with its core.glossary label)</extracomment>
        <translation>直播PK（场次对比）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>x: minutes since each start</source>
        <translation>横轴：开播后分钟数</translation>
    </message>
    <message>
        <location line="+19"/>
        <location line="+54"/>
        <source>%1 (estimate)</source>
        <translation>%1(估算)</translation>
    </message>
    <message>
        <location line="-49"/>
        <source>min</source>
        <translation>分钟</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>KPI</source>
        <translation>指标</translation>
    </message>
</context>
<context>
    <name>Console</name>
    <message>
        <location filename="../../services/live/connection.py" line="+68"/>
        <source>Enter the Qianchuan app id and advertiser id in Settings, then authorize.</source>
        <translation>请在设置中填写千川 App ID 和广告主 ID，然后授权。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Enter the Qianchuan app secret in Settings (it is kept in the system keyring).</source>
        <translation>请在设置中填写千川应用密钥（保存在系统钥匙串中）。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Authorize the console with Qianchuan in Settings (no authorization yet).</source>
        <translation>请在设置中完成千川授权（尚未授权）。</translation>
    </message>
    <message>
        <location filename="../../services/live/watch.py" line="+118"/>
        <source>Cannot reach the room yet (%1); trying again in %2 s</source>
        <extracomment>the room connection (and the httpx transport, None for the network) to use with the given settings</extracomment>
        <translation>暂时连不上直播间（%1），%2 秒后重试</translation>
    </message>
    <message>
        <location filename="../../app.py" line="+341"/>
        <source>Not recording: %1</source>
        <extracomment>Python&apos;s garbage collected on the GUI thread while the console runs (the application owns the QObject: it is never freed with a Console collected elsewhere)</extracomment>
        <translation>未录制:%1</translation>
    </message>
</context>
<context>
    <name>DeliveryAttachment</name>
    <message>
        <location filename="../../ui/delivery/attachment.py" line="+16"/>
        <source>&amp;Delivery by region</source>
        <translation>按地区送达时效(&amp;D)</translation>
    </message>
    <message>
        <location filename="../../ui/delivery/review_tab.py" line="+17"/>
        <source>Delivery</source>
        <translation>送达时效</translation>
    </message>
</context>
<context>
    <name>DeliveryPanel</name>
    <message>
        <location filename="../../ui/delivery/panel.py" line="+50"/>
        <location line="+45"/>
        <source>Export CSV…</source>
        <translation>导出 CSV…</translation>
    </message>
    <message>
        <location line="-6"/>
        <source>Could not write the CSV: %1</source>
        <translation>无法写入 CSV：%1</translation>
    </message>
</context>
<context>
    <name>ExperimentsAttachment</name>
    <message>
        <location filename="../../ui/experiments/attachment.py" line="+31"/>
        <source>&amp;A/B</source>
        <translation>A/B 实验(&amp;A)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;New plan…</source>
        <translation>新建计划(&amp;N)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Plans…</source>
        <translation>实验计划(&amp;P)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Verdict</source>
        <translation>实验结论(&amp;V)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A/B</source>
        <translation>A/B 实验</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A/B: time to switch</source>
        <translation>A/B 实验：该切换了</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stopped early: %1</source>
        <translation>已提前停止：%1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>An A/B plan is already running: abort it first.</source>
        <translation>已有 A/B 计划在进行：请先中止它。</translation>
    </message>
</context>
<context>
    <name>ExportJob</name>
    <message>
        <location filename="../../ui/reports/builder.py" line="+65"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Exporting</source>
        <translation>正在导出</translation>
    </message>
    <message>
        <location line="+47"/>
        <source>Export cancelled</source>
        <translation>已取消导出</translation>
    </message>
</context>
<context>
    <name>ForecastTile</name>
    <message>
        <location filename="../../ui/forecast/live_tiles.py" line="+36"/>
        <source>No forecast: the room&apos;s past sessions could not be read (%1)</source>
        <translation>无预测：本直播间的历史场次无法读取（%1）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Past sessions unreadable</source>
        <translation>往期场次读取失败</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The forecast starts with the first poll.</source>
        <translation>首次拉取数据后开始预测。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>No forecast yet: it needs %1 past sessions of this room (it has %2).</source>
        <translation>暂无预测：需要本直播间至少 %1 场历史直播（现有 %2 场）。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Needs %1 past sessions</source>
        <translation>需 %1 场往期场次</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>At minute %1, from this room&apos;s %2 past sessions (the share of their end reached by this minute, and their usual level) and this broadcast so far.</source>
        <translation>第 %1 分钟：依据本直播间 %2 场历史直播（到此分钟已达最终值的比例及其通常水平）和本场至今的数据。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Forecast of the broadcast&apos;s end; 80% interval: %1</source>
        <translation>本场结束时的预测；80%预测区间：%1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Updated every minute.</source>
        <translation>每分钟更新。</translation>
    </message>
</context>
<context>
    <name>FunnelPanel</name>
    <message>
        <location filename="../../ui/live/funnel_panel.py" line="+52"/>
        <source>Sales funnel (whole broadcast)</source>
        <translation>成交漏斗（整场）</translation>
    </message>
    <message>
        <location line="+96"/>
        <source>%1 per entry</source>
        <translation>人均 %1 次</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>not reported</source>
        <translation>未提供</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Most is lost at %1 → %2 (%3)</source>
        <translation>流失最多：%1 → %2（%3）</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Paid orders = product impressions × CTR × purchase conversion × deal conversion</source>
        <translation>成交订单 = 商品曝光 × 点击率 × 下单转化率 × 成交转化率</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>GMV %1 = paid orders × average order value %2</source>
        <translation>成交金额 %1 = 成交订单 × 客单价 %2</translation>
    </message>
</context>
<context>
    <name>HistoryView</name>
    <message>
        <location filename="../../ui/history/view.py" line="+62"/>
        <source>History</source>
        <translation>历史</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>This week</source>
        <translation>本周</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Last 7 days</source>
        <translation>近 7 天</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Last 30 days</source>
        <translation>近 30 天</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>This month</source>
        <translation>本月</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Custom</source>
        <translation>自定义</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Report…</source>
        <translation>报告…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Export CSV…</source>
        <translation>导出 CSV…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Export Excel…</source>
        <translation>导出 Excel…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Range</source>
        <translation>范围</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>From</source>
        <translation>从</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>to</source>
        <translation>至</translation>
    </message>
    <message>
        <location line="+0"/>
        <location line="+18"/>
        <location line="+4"/>
        <source>Room</source>
        <translation>直播间</translation>
    </message>
    <message>
        <location line="-21"/>
        <location line="+18"/>
        <location line="+3"/>
        <source>Channel</source>
        <translation>渠道</translation>
    </message>
    <message>
        <location line="-20"/>
        <source>Metric</source>
        <translation>指标</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Rank</source>
        <translation>排名</translation>
    </message>
    <message>
        <location line="+0"/>
        <location line="+4"/>
        <source>Start</source>
        <translation>开播时间</translation>
    </message>
    <message>
        <location line="-4"/>
        <location line="+4"/>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Best and worst</source>
        <translation>最佳与最差</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Weekday × hour</source>
        <translation>星期 × 时段</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sessions</source>
        <translation>场次</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Forecast</source>
        <translation>预测</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>All rooms</source>
        <translation>全部直播间</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>All channels</source>
        <translation>全部渠道</translation>
    </message>
    <message>
        <location line="+52"/>
        <source>The range ends before it starts: pick a “to” date on or after the “from” date.</source>
        <translation>结束日期早于开始日期：请选择不早于“从”日期的“至”日期。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The sessions could not be read: %1</source>
        <translation>无法读取场次：%1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%n session in the range</source>
        <translation>范围内共 %n 场</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%n sessions in the range</source>
        <translation>范围内共 %n 场</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No session in this range: pick a wider range, or another room or channel.</source>
        <translation>该范围内没有场次：请扩大日期范围，或换一个直播间或渠道。</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>%1 per day</source>
        <translation>%1（每日）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 per session</source>
        <translation>%1（每场）</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>best</source>
        <translation>最佳</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>worst</source>
        <translation>最差</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>CSV files (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Excel workbooks (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Export failed: %1</source>
        <translation>导出失败：%1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Exported to %1</source>
        <translation>已导出到 %1</translation>
    </message>
</context>
<context>
    <name>ImportDialog</name>
    <message>
        <location filename="../../ui/imports/dialog.py" line="+64"/>
        <source>Import sessions of other channels</source>
        <extracomment>rows of the file shown in the preview (the problems list names every bad row, shown or not)</extracomment>
        <translation>导入其他渠道的场次</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>A CSV or XLSX export of Kuaishou, Taobao Live or WeChat Channels</source>
        <translation>快手、淘宝直播或视频号导出的 CSV 或 XLSX 文件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Choose file…</source>
        <translation>选择文件…</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Save mapping…</source>
        <translation>保存映射…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Mapping</source>
        <translation>映射</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location line="+38"/>
        <source>Save mapping</source>
        <translation>保存映射</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Name of this source&apos;s mapping:</source>
        <translation>此来源映射的名称：</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>The mapping was not saved: %1</source>
        <translation>映射未保存：%1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Mapping “%1” saved.</source>
        <translation>映射“%1”已保存。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Import sessions</source>
        <translation>导入场次</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Exports (*.csv *.xlsx);;All files (*)</source>
        <translation>导出文件 (*.csv *.xlsx);;所有文件 (*)</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>The file cannot be read: %1</source>
        <translation>无法读取文件：%1</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>The mapping is incomplete: %1</source>
        <translation>映射不完整：%1</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>%n problem: nothing will be imported until the file or the mapping is corrected.</source>
        <translation>%n 个问题：修正文件或映射之前不会导入任何内容。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%n problems: nothing will be imported until the file or the mapping is corrected.</source>
        <translation>%n 个问题：修正文件或映射之前不会导入任何内容。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%n session ready to import (%2, read as %3).</source>
        <translation>%n 场可导入（%2，按 %3 读取）。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%n sessions ready to import (%2, read as %3).</source>
        <translation>%n 场可导入（%2，按 %3 读取）。</translation>
    </message>
    <message>
        <location line="+37"/>
        <source>%n session imported.</source>
        <translation>已导入 %n 场。</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>%n sessions imported.</source>
        <translation>已导入 %n 场。</translation>
    </message>
    <message>
        <location line="-7"/>
        <source>Nothing was imported: %1</source>
        <translation>未导入任何内容：%1</translation>
    </message>
</context>
<context>
    <name>KpiTile</name>
    <message>
        <location filename="../../ui/live/kpi_tiles.py" line="+87"/>
        <source>est.</source>
        <extracomment>a tile this wide shows its figure in the large type down to this width the tiles stay on one row in a compact type (a 1280-wide screen keeps its chart height); below it the row wraps into two and the large type comes back a window this wide stands on a screen tall enough (1080 px and up) for two rows of tiles in the large type: there the row wraps rather than going compact (14 tiles in one compact row at 1920 px read 23 px, their labels cut) a tile&apos;s padding left and right, in the large and the compact type the room between a tile&apos;s label and its badge, in the large and the compact type on a wide screen (a wall display) the figures grow with their tile, up to this the window&apos;s margins around the tiles (the central column&apos;s), counted before a layout placed them the tiles&apos; look, set once on their row (a sheet of each tile&apos;s own, and of its badge and change figure, was parsed and polished for every tile as the window was built)</extracomment>
        <translation>估</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Estimated from entries and dwell time: the platform gives no real count</source>
        <translation>根据进场人次和停留时长估算：平台不提供实时在线人数</translation>
    </message>
</context>
<context>
    <name>KpiTiles</name>
    <message>
        <location line="+78"/>
        <source>Change over the last %1 min</source>
        <translation>近%1分钟变化</translation>
    </message>
    <message>
        <location line="+76"/>
        <source>Tiles to show</source>
        <translation>显示的指标卡</translation>
    </message>
</context>
<context>
    <name>LiveCharts</name>
    <message>
        <location filename="../../ui/live/charts.py" line="+58"/>
        <source>Online viewers</source>
        <translation>在线人数</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Interactions per minute</source>
        <translation>每分钟互动</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Product clicks and orders per minute</source>
        <translation>每分钟商品点击与成交</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>GMV</source>
        <translation>成交金额</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Ad spend</source>
        <translation>消耗</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>10 min</source>
        <extracomment>window presets in broadcast seconds (None = the whole broadcast)</extracomment>
        <translation>10分钟</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>30 min</source>
        <translation>30分钟</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>1 h</source>
        <translation>1小时</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Whole broadcast</source>
        <translation>整场</translation>
    </message>
    <message>
        <location filename="../../ui/live/chart_panel.py" line="+61"/>
        <source> (right axis)</source>
        <translation>（右轴）</translation>
    </message>
    <message>
        <location filename="../../ui/live/charts.py" line="+48"/>
        <source>Follow live</source>
        <extracomment>panels a turn of a redraw in turns draws (LiveCharts.redraw_next), each turn followed by the paint of their rectangle a panel shorter than this (a small window) shows no legend over its data: its title row names its curves, and the Series menu still names and toggles every curve</extracomment>
        <translation>跟随实时</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Series</source>
        <translation>曲线</translation>
    </message>
    <message>
        <location filename="../../ui/live/chart_panel.py" line="-2"/>
        <source> (est.)</source>
        <extracomment>vertical pixels a value label needs (so a short axis shows fewer, never overlapping, labels)</extracomment>
        <translation>（估算）</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../ui/main_window.py" line="+97"/>
        <source>Douyin live console</source>
        <extracomment>while the room&apos;s history is polled (about a real second) it is drawn, charts and figures, every HISTORY_DRAW_MS, every HISTORY_FIRST_MS until every figure is shown: the window has content from then on, not once the whole history is in, and the draws cost the catch-up little (drawn at the live clocks&apos; pace, a redraw and the figures every 0.1 s, the catch-up took 60% longer)</extracomment>
        <translation>抖音直播运营控制台</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Funnel</source>
        <translation>转化漏斗</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Traffic</source>
        <translation>流量来源</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Audience</source>
        <translation>观众画像</translation>
    </message>
    <message>
        <location line="+154"/>
        <source>&amp;Console</source>
        <translation>控制台(&amp;C)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Settings…</source>
        <translation>设置(&amp;S)…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Se&amp;ssions…</source>
        <translation>场次回顾(&amp;S)…</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Follow live</source>
        <translation>跟随实时(&amp;F)</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Chart &amp;window</source>
        <translation>图表时间窗(&amp;W)</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>&amp;Series</source>
        <translation>曲线(&amp;S)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Tiles…</source>
        <translation>指标卡(&amp;T)…</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Loading the room&apos;s history: its first %1 minutes…</source>
        <translation>正在载入直播间的历史数据：开播后的前 %1 分钟…</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Loading the room&apos;s history: %1 of its first %2 minutes…</source>
        <translation>正在载入直播间的历史数据：开播后的前 %2 分钟，已载入 %1 分钟…</translation>
    </message>
</context>
<context>
    <name>MappingEditor</name>
    <message>
        <location filename="../../ui/imports/mapping_editor.py" line="+58"/>
        <source>When the file has no room column</source>
        <translation>文件没有直播间列时填写</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Channel</source>
        <translation>渠道</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Rows</source>
        <translation>行</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Money unit</source>
        <translation>金额单位</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Time zone</source>
        <translation>时区</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Room</source>
        <translation>直播间</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Columns</source>
        <translation>列</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>(none)</source>
        <translation>(无)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>%1 (not in the file)</source>
        <translation>%1（文件中没有）</translation>
    </message>
</context>
<context>
    <name>OrderAttachment</name>
    <message>
        <location filename="../../ui/products/order_attachment.py" line="+18"/>
        <source>Adjust product &amp;order…</source>
        <translation>调整商品顺序(&amp;O)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Order changed</source>
        <translation>调整顺序</translation>
    </message>
</context>
<context>
    <name>OrderChangesView</name>
    <message>
        <location filename="../../ui/products/order_changes.py" line="+35"/>
        <source>applied</source>
        <extracomment>a change&apos;s status in the operator&apos;s words</extracomment>
        <translation>已应用</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>pending</source>
        <translation>待确认</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>confirmed</source>
        <translation>已确认</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>too early to tell</source>
        <translation>尚难判断</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Changes and their effect</source>
        <translation>调整记录与效果</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Change</source>
        <translation>调整</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Against the room without the change (its trend before and the position model), per minute; 90% interval.</source>
        <translation>与不调整相比（按调整前的趋势和位置模型推算），每分钟；区间为90%。</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>%n product moved</source>
        <translation>移动 %n 个商品</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>%n products moved</source>
        <translation>移动 %n 个商品</translation>
    </message>
</context>
<context>
    <name>OrderPanel</name>
    <message>
        <location filename="../../ui/products/order_panel.py" line="+88"/>
        <source>Adjust product order</source>
        <translation>调整商品顺序</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Demo room: Apply sends the new order to the room.</source>
        <translation>演示直播间：点“应用”即把新顺序发送到直播间。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No API sets the order on the platform: apply it in the live control panel, then Confirm.</source>
        <translation>平台没有设置商品顺序的接口：请在直播中控台按新顺序调整商品，然后点“确认已应用”。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>New</source>
        <translation>新位置</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Product</source>
        <translation>商品</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Now → suggested</source>
        <translation>现位置 → 建议</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 (90% interval)</source>
        <translation>%1（90%区间）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>How sure</source>
        <translation>把握</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Pinned</source>
        <translation>固定</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Move up</source>
        <translation>上移</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Move down</source>
        <translation>下移</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Pin / unpin</source>
        <translation>固定/取消固定</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Use suggestion</source>
        <translation>采用建议</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Apply</source>
        <translation>应用</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Confirm</source>
        <translation>确认已应用</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Applying failed: %1 (the change is recorded)</source>
        <translation>应用失败：%1（调整已记录）</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Current order</source>
        <translation>当前顺序</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>New order (suggested; drag to change)</source>
        <translation>新顺序（建议，可拖动调整）</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>No product data yet.</source>
        <translation>还没有商品数据。</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>No longer listed, dropped from the new order: %1</source>
        <translation>已不在商品列表，已从新顺序中移除：%1</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Newly listed, added at the end: %1</source>
        <translation>新上架，已加在末尾：%1</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>sure</source>
        <translation>有把握</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>pinned</source>
        <translation>已固定</translation>
    </message>
    <message>
        <location line="+71"/>
        <source>Recorded. Apply it in the live control panel, then Confirm.</source>
        <translation>已记录。请在直播中控台应用新顺序，然后点“确认已应用”。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The new order is applied; its effect shows in a few minutes.</source>
        <translation>新顺序已应用，效果几分钟后可见。</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Confirmed; its effect is measured from now.</source>
        <translation>已确认，从现在起计算效果。</translation>
    </message>
</context>
<context>
    <name>PlanPanel</name>
    <message>
        <location filename="../../ui/history/forecast_tab.py" line="+32"/>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Weekday</source>
        <translation>星期</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>80% interval</source>
        <translation>80%预测区间</translation>
    </message>
</context>
<context>
    <name>PlannerDialog</name>
    <message>
        <location filename="../../ui/experiments/planner.py" line="+45"/>
        <source>Script</source>
        <translation>话术</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Price or coupon</source>
        <translation>价格或优惠券</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Product order</source>
        <translation>商品顺序</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Segment length</source>
        <translation>环节时长</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Host</source>
        <translation>主播</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Other</source>
        <translation>其他</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>New A/B plan</source>
        <translation>新建 A/B 计划</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Key</source>
        <translation>代号</translation>
    </message>
    <message>
        <location line="+0"/>
        <location line="+84"/>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location line="-84"/>
        <source>What changes</source>
        <translation>改变内容</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Add variant</source>
        <translation>添加方案</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Remove variant</source>
        <translation>删除方案</translation>
    </message>
    <message>
        <location line="+4"/>
        <location line="+1"/>
        <source> min</source>
        <translation> 分钟</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Save and start</source>
        <translation>保存并开始</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location line="+54"/>
        <source>Hypothesis</source>
        <translation>假设</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Variants</source>
        <translation>方案</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Metric</source>
        <translation>指标</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Slot length</source>
        <translation>时段长度</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Washout (not counted)</source>
        <translation>过渡期（不计入）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Number of slots</source>
        <translation>时段数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Broadcasts</source>
        <translation>场次</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Seed</source>
        <translation>随机种子</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Effect worth finding</source>
        <translation>值得发现的效果</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Power</source>
        <translation>检验功效</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Schedule</source>
        <translation>轮换顺序</translation>
    </message>
    <message>
        <location line="+73"/>
        <source>Not saved: fix the fields marked in red.</source>
        <translation>未保存：请修改标红的字段。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Saved.</source>
        <translation>已保存。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Set a slot longer than its washout to compute the power.</source>
        <translation>时段须长于过渡期，才能计算检验功效。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Computing from the room&apos;s recorded broadcasts…</source>
        <translation>正在根据本直播间的历史场次计算…</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Not enough history: %n slot of this metric in the room&apos;s recorded broadcasts; record more broadcasts for a power estimate.</source>
        <translation>历史数据不足：本直播间历史场次中该指标只有 %n 个时段；请多录制几场再估算检验功效。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Not enough history: %n slots of this metric in the room&apos;s recorded broadcasts; record more broadcasts for a power estimate.</source>
        <translation>历史数据不足：本直播间历史场次中该指标只有 %n 个时段；请多录制几场再估算检验功效。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>From %1 slots of %n recorded broadcast.</source>
        <translation>依据 %n 场历史直播的 %1 个时段。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>From %1 slots of %n recorded broadcasts.</source>
        <translation>依据 %n 场历史直播的 %1 个时段。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Needs %1 slots for a %2% effect.</source>
        <translation>要检出 %2% 的效果需要 %1 个时段。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>With %1 slots the smallest detectable effect is %2%.</source>
        <translation>%1 个时段能检出的最小效果为 %2%。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>With %1 slots no effect can be detected: add slots.</source>
        <translation>%1 个时段无法检出任何效果：请增加时段。</translation>
    </message>
</context>
<context>
    <name>PlansDialog</name>
    <message>
        <location filename="../../ui/experiments/plans_dialog.py" line="+38"/>
        <source>A/B plans</source>
        <translation>A/B 实验计划</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Plan</source>
        <translation>计划</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Metric</source>
        <translation>指标</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Slots</source>
        <translation>时段数</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Created</source>
        <translation>创建时间</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>No plans yet.</source>
        <translation>还没有计划。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Start</source>
        <translation>开播时间</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>New plan…</source>
        <translation>新建计划…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
</context>
<context>
    <name>PollsBehind</name>
    <message>
        <location filename="../../ui/polls_behind.py" line="+40"/>
        <source>Falling behind: %n poll skipped</source>
        <translation>跟不上：跳过 %n 次轮询</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Falling behind: %n polls skipped</source>
        <translation>跟不上：跳过 %n 次轮询</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This computer could not make every poll of the room in time at this speed: the moments of the skipped polls have no sample (the charts and the recording join the samples around them). A slower demo speed or fewer programs running help.</source>
        <translation>这台电脑在当前速度下无法按时完成直播间的每次轮询：被跳过的轮询时刻没有数据点（图表和录制会连接前后的数据点）。调慢演示速度或关闭其他程序会有帮助。</translation>
    </message>
</context>
<context>
    <name>ProductBoard</name>
    <message>
        <location filename="../../ui/products/board_model.py" line="+50"/>
        <source>Product</source>
        <translation>商品</translation>
    </message>
    <message>
        <location line="+230"/>
        <source>The weakest step of this product&apos;s funnel (below the room&apos;s)</source>
        <extracomment>what a paint asks for, made once (a paint asks every visible cell for several roles) a view repaints only the cells of a dataChanged of fewer cells than this (QAbstractItemView: its whole viewport for a bigger range) columns whose changes are not announced: those the view hides (and does not sort by). A hidden column&apos;s dataChanged would still repaint the cells beside its zero-width place; shown again, it is painted afresh</extracomment>
        <translation>该商品漏斗中最薄弱的环节(低于直播间整体)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Low stock</source>
        <translation>库存不足</translation>
    </message>
    <message>
        <location filename="../../ui/products/board.py" line="+186"/>
        <source>Products</source>
        <translation>商品</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Columns</source>
        <translation>列</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Select a product to see its funnel</source>
        <translation>选择一个商品查看其转化漏斗</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>%1 products</source>
        <translation>共 %1 个商品</translation>
    </message>
</context>
<context>
    <name>ProductsAttachment</name>
    <message>
        <location filename="../../ui/products/attachment.py" line="+38"/>
        <source>Products</source>
        <extracomment>the window&apos;s own words for the product pieces (context &quot;ProductsAttachment&quot;)</extracomment>
        <translation>商品</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Products board</source>
        <translation>商品看板(&amp;P)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Product clicks surging</source>
        <translation>商品点击激增</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Click heat</source>
        <translation>点击热力</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Products</source>
        <translation>商品(&amp;P)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Click &amp;heat map</source>
        <translation>点击热力图(&amp;H)</translation>
    </message>
</context>
<context>
    <name>ProductsTable</name>
    <message>
        <location filename="../../ui/products/review_products.py" line="+67"/>
        <source>Product</source>
        <extracomment>the table&apos;s metric columns (glossary keys) after the product and its price</extracomment>
        <translation>商品</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Price</source>
        <translation>价格</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>The weaker step of this product&apos;s funnel against the room&apos;s</source>
        <translation>该商品漏斗中相对全场较弱的环节</translation>
    </message>
</context>
<context>
    <name>RecordingTrouble</name>
    <message>
        <location filename="../../ui/recording_trouble.py" line="+21"/>
        <source>the database is locked</source>
        <translation>数据库被锁定</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the disk is full</source>
        <translation>磁盘已满</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the database cannot be written</source>
        <translation>数据库无法写入</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the database is damaged</source>
        <translation>数据库已损坏</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>another dyconsole records this broadcast</source>
        <translation>另一个 dyconsole 正在录制这场直播</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>the database refuses writes</source>
        <translation>数据库拒绝写入</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>writes were lost</source>
        <translation>有写入丢失</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Not recording: %1 (%2)</source>
        <translation>未录制:%1(%2)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 writes of the recording could not be written: %2. They are kept in %3 and written at the next start.</source>
        <translation>录制有 %1 条未能写入:%2。已保存在 %3,下次启动时写入。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>%1 writes of the recording are not written: %2. They wait and are tried again at every poll; close the program that holds the database or free space. (%3)</source>
        <translation>录制有 %1 条尚未写入:%2。它们在等待,每次轮询都会重试;请关闭占用数据库的程序或释放磁盘空间。(%3)</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>The authorization is lost (%1). Open Settings and authorize again: until then only gaps are recorded.</source>
        <translation>授权已失效(%1)。请打开设置重新授权:在此之前只能记录数据中断。</translation>
    </message>
</context>
<context>
    <name>ReportBuilderDialog</name>
    <message>
        <location filename="../../ui/reports/builder.py" line="+9"/>
        <source>Report</source>
        <translation>报告</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Chinese</source>
        <translation>中文</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>English</source>
        <translation>英文</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Sections</source>
        <translation>报告内容</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Report language</source>
        <translation>报告语言</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Granularity</source>
        <translation>时间粒度</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Metrics</source>
        <translation>指标</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Export CSV…</source>
        <translation>导出 CSV…</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Export Excel…</source>
        <translation>导出 Excel…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Export charts (PNG)…</source>
        <translation>导出图表 (PNG)…</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Export PDF…</source>
        <translation>导出 PDF…</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Also writes %1-roi7.csv, %1-segments.csv and %1-delivery.csv beside it: the 7-day ROI, the run of show&apos;s segments and delivery by region, for those of the sections that are chosen</source>
        <translation>同时在旁边写出 %1-roi7.csv、%1-segments.csv 和 %1-delivery.csv：7日ROI、节目单各段与按地区送达时效（仅限已勾选的部分）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location line="+40"/>
        <source>Totals</source>
        <translation>区间合计</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Per day</source>
        <translation>每日汇总</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Best and worst sessions</source>
        <translation>最佳与最差场次</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Sessions</source>
        <translation>场次明细</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Forecast of the next broadcasts</source>
        <translation>后续直播预测</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Key figures</source>
        <translation>核心指标</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Conversion funnel</source>
        <translation>转化漏斗</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Forecast of the broadcast&apos;s end</source>
        <translation>本场结束时的预测</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>A/B tests</source>
        <translation>A/B 实验</translation>
    </message>
    <message>
        <location line="+57"/>
        <source>Preview: %n page</source>
        <translation>预览:共 %n 页</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Preview: %n pages</source>
        <translation>预览:共 %n 页</translation>
    </message>
    <message>
        <location line="-61"/>
        <location line="+3"/>
        <source>Charts</source>
        <translation>趋势图</translation>
    </message>
    <message>
        <location line="-83"/>
        <source>%n minute</source>
        <translation>%n 分钟</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>%n minutes</source>
        <translation>%n 分钟</translation>
    </message>
    <message>
        <location line="+85"/>
        <source>Top products</source>
        <translation>商品排行</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Traffic sources</source>
        <translation>流量来源</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Audience</source>
        <translation>观众画像</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Alerts</source>
        <translation>告警记录</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Notes</source>
        <translation>备注</translation>
    </message>
    <message>
        <location line="+61"/>
        <source>Folder for the chart images</source>
        <translation>图表图片保存文件夹</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>CSV files (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Excel workbooks (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>PDF documents (*.pdf)</source>
        <translation>PDF 文档 (*.pdf)</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+32"/>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <location line="-24"/>
        <source>Choose at least one metric</source>
        <translation>请至少选择一个指标</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Exporting %1…</source>
        <translation>正在导出 %1…</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Export cancelled</source>
        <translation>已取消导出</translation>
    </message>
</context>
<context>
    <name>ReportOpener</name>
    <message>
        <location filename="../../ui/reports/opener.py" line="+42"/>
        <source>No session has been recorded yet: a report needs a recorded session.</source>
        <translation>还没有录制的场次：报告需要一个已录制的场次。</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>The report could not be opened: %1</source>
        <translation>无法打开报告：%1</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Report</source>
        <translation>报告</translation>
    </message>
</context>
<context>
    <name>ReviewLauncher</name>
    <message>
        <location filename="../../ui/review/launcher.py" line="+116"/>
        <location line="+121"/>
        <source>Sessions</source>
        <extracomment>adds a feature&apos;s tab to a review window (through `add_review_tab`): (window, its session, the database path)</extracomment>
        <translation>场次回顾</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The session could not be opened: %1</source>
        <translation>无法打开该场次：%1</translation>
    </message>
</context>
<context>
    <name>ReviewPlans</name>
    <message>
        <location filename="../../ui/experiments/review_tab.py" line="+24"/>
        <source>A/B</source>
        <translation>A/B 实验</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Reading the session&apos;s A/B plans…</source>
        <translation>正在读取本场的 A/B 计划…</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>No A/B plan ran in this session.</source>
        <translation>本场没有进行 A/B 计划。</translation>
    </message>
</context>
<context>
    <name>ReviewProducts</name>
    <message>
        <location filename="../../ui/products/review_products.py" line="+38"/>
        <source>Products</source>
        <translation>商品</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Order changes (%1)</source>
        <translation>顺序调整（%1）</translation>
    </message>
</context>
<context>
    <name>ReviewTimeline</name>
    <message>
        <location filename="../../ui/review/timeline.py" line="+30"/>
        <source>Product order changed</source>
        <extracomment>operator / recorder event kinds in the operator&apos;s words</extracomment>
        <translation>调整商品顺序</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Product clicks surging</source>
        <translation>商品点击激增</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A/B variant switched</source>
        <translation>切换A/B方案</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Topic marked</source>
        <translation>标记话题</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Recording resumed</source>
        <translation>恢复录制</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Recording stopped</source>
        <translation>停止录制</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Broadcast finished</source>
        <translation>下播</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Alert rules in force</source>
        <translation>生效的告警规则</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Polls skipped: the computer fell behind</source>
        <translation>跳过轮询：电脑跟不上</translation>
    </message>
    <message>
        <location line="+46"/>
        <source>%1 skipped here, %2 in all</source>
        <translation>此处跳过 %1 次，共 %2 次</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>%1 enabled: </source>
        <translation>启用 %1 条：</translation>
    </message>
</context>
<context>
    <name>ReviewWindow</name>
    <message>
        <location filename="../../ui/review/window.py" line="+55"/>
        <source>ended</source>
        <extracomment>the room columns the charts draw (and the one saying the online figure is an estimate): what a preview reads</extracomment>
        <translation>已结束</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>interrupted</source>
        <translation>已中断</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>recording</source>
        <translation>录制中</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>recording stopped</source>
        <translation>已停止录制</translation>
    </message>
    <message>
        <location line="+101"/>
        <source>Review: %1 (%2)</source>
        <translation>场次回顾：%1（%2）</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>notes: %1</source>
        <translation>备注：%1</translation>
    </message>
    <message>
        <location line="-76"/>
        <source>Follow cursor</source>
        <translation>跟随回放</translation>
    </message>
    <message>
        <location line="-8"/>
        <source>Review</source>
        <translation>场次回顾</translation>
    </message>
    <message>
        <location line="+13"/>
        <location line="+163"/>
        <source>Play</source>
        <translation>播放</translation>
    </message>
    <message>
        <location line="-146"/>
        <source>Replay</source>
        <translation>回放</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Funnel</source>
        <translation>漏斗</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Traffic</source>
        <translation>流量来源</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Audience</source>
        <translation>观众画像</translation>
    </message>
    <message>
        <location line="+76"/>
        <source>Products</source>
        <translation>商品</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Timeline</source>
        <translation>告警与事件</translation>
    </message>
    <message>
        <location line="-73"/>
        <source>&amp;Report…</source>
        <translation>报告(&amp;R)…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Session</source>
        <translation>场次(&amp;S)</translation>
    </message>
    <message>
        <location line="+116"/>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <location line="+39"/>
        <source>minute %1</source>
        <translation>第 %1 分钟</translation>
    </message>
</context>
<context>
    <name>Roi7Panel</name>
    <message>
        <location filename="../../ui/roi/review_tab.py" line="+48"/>
        <source>No 7-day ROI: the session database could not be read for it.</source>
        <translation>无法读取场次数据库，暂无7日ROI。</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>7-day ROI</source>
        <translation>7日ROI</translation>
    </message>
</context>
<context>
    <name>Roi7Tile</name>
    <message>
        <location filename="../../ui/roi/live_tile.py" line="+25"/>
        <source>Projected from this room&apos;s %1 settled sessions (their refunds and repurchases)</source>
        <translation>按本直播间已结算的 %1 场（其退款与复购）预估</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Projected from a prior: this room has no settled session yet</source>
        <translation>按先验预估：本直播间尚无已结算场次</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Net of refunds, repurchases included; settled 7 days after the broadcast.</source>
        <translation>扣除退款、含复购；直播7天后结算。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Not the platform&apos;s GMV/cost ROI.</source>
        <translation>不同于平台的 GMV/消耗 ROI。</translation>
    </message>
</context>
<context>
    <name>RuleEditor</name>
    <message>
        <location filename="../../ui/alerts/rules_dialog.py" line="-314"/>
        <source>Rule id</source>
        <translation>规则编号</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Metric</source>
        <translation>指标</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Alarm when</source>
        <translation>告警条件</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Level</source>
        <translation>阈值</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Recovery level</source>
        <translation>恢复线</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Severity</source>
        <translation>级别</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Must hold for (s)</source>
        <translation>持续时间（秒）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Quiet after clearing (s)</source>
        <translation>解除后冷却（秒）</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Enabled</source>
        <translation>启用</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Norm</source>
        <translation>常模来源</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Below this share of the norm</source>
        <translation>低于常模的比例</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Clears at this share of the norm</source>
        <translation>恢复到常模的比例</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Window (s)</source>
        <translation>统计窗口（秒）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Minimum impressions</source>
        <translation>最少曝光</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Evidence needed</source>
        <translation>显著性阈值</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Numerator counters</source>
        <translation>分子（累计指标）</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Denominator counters</source>
        <translation>分母（累计指标）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Recent window (s)</source>
        <translation>近期窗口（秒）</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Compared with the previous (s)</source>
        <translation>对比此前（秒）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Minimum events</source>
        <translation>最少事件数</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Minimum change (share)</source>
        <translation>最小变化幅度（比例）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Data older than (s)</source>
        <translation>数据延迟超过（秒）</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Also when the source is down</source>
        <translation>数据源断开时也告警</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>below the level</source>
        <translation>低于阈值</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>above the level</source>
        <translation>高于阈值</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>it drops</source>
        <translation>下降</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>it rises</source>
        <translation>上升</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>it drops or rises</source>
        <translation>下降或上升</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Info</source>
        <translation>提示</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Warning</source>
        <translation>警告</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Critical</source>
        <translation>严重</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>category norm table</source>
        <translation>类目常模表</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>this room&apos;s past sessions</source>
        <translation>本直播间往场数据</translation>
    </message>
    <message>
        <location line="+59"/>
        <source>(default)</source>
        <translation>（默认）</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>Enter a number</source>
        <translation>请输入数字</translation>
    </message>
</context>
<context>
    <name>RunOfShow</name>
    <message>
        <location filename="../../ui/dwell/live_tab.py" line="+26"/>
        <location filename="../../ui/dwell/review_tab.py" line="+109"/>
        <source>Run of show</source>
        <translation>节目单</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Mark &amp;topic…</source>
        <translation>标记话题(&amp;T)…</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>minutes</source>
        <extracomment>how wide the side pane gets for the tab (the segments&apos; figures fit at ~640 px) the trend shows the last hour (the whole broadcast is in the review)</extracomment>
        <translation>分钟</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Topic (e.g. warm-up, giveaway)</source>
        <translation>话题（如：暖场、福利）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Mark topic start</source>
        <translation>标记话题开始</translation>
    </message>
    <message>
        <location line="+38"/>
        <source>Share of the viewers in the room now who entered 3 minutes ago or more: an estimate from the views and the views over 1 min (range: 90% on the stay share and the dwell model).</source>
        <translation>当前在线观众中已停留3分钟及以上的占比：由观看人次和超1分钟观看人次估算（区间：停留占比的90%区间与停留模型的不确定性）。</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>No room data yet: a topic can be marked once the room is polled.</source>
        <translation>尚无直播间数据：拉取到数据后才能标记话题。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Topic ended</source>
        <translation>话题结束</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Waiting for the room…</source>
        <translation>等待直播间数据…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Now: %1</source>
        <translation>当前：%1</translation>
    </message>
    <message>
        <location filename="../../ui/dwell/review_tab.py" line="-85"/>
        <source>Lowest third</source>
        <translation>最低三分之一</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Middle third</source>
        <translation>中间三分之一</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Highest third</source>
        <translation>最高三分之一</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Too little of the broadcast to relate conversion to stay (30 minutes or more are needed).</source>
        <translation>直播太短，无法关联成交与停留（至少需30分钟）。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Conversion rose with the share past 3 minutes, too steeply for this broadcast to say how many times more a viewer past 3 minutes buys (the fitted line leaves newcomers buying nothing).</source>
        <translation>成交随超3分钟占比上升，但上升太陡，本场无法估出超3分钟观众的购买倍数（拟合线显示新进观众不购买）。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Conversion fell as the share past 3 minutes rose, too steeply for this broadcast to say how many times as much a viewer past 3 minutes buys (the fitted line leaves them buying nothing).</source>
        <translation>成交随超3分钟占比上升而下降，下降太陡，本场无法估出购买倍数（拟合线显示超3分钟观众不购买）。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>This broadcast does not show how conversion goes with stay: the share past 3 minutes varied too little, or there were too few orders.</source>
        <translation>本场看不出成交与停留的关系：超3分钟占比变化太小或订单太少。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>An association over this broadcast (5-minute stretches), not a controlled test.</source>
        <translation>按本场每5分钟的关联估算，并非对照实验。</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Stretches by share past 3 min</source>
        <translation>按超3分钟占比分段</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>90% range</source>
        <translation>90%区间</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Conversion against stay</source>
        <translation>成交与停留</translation>
    </message>
    <message>
        <location filename="../../ui/dwell/segments_table.py" line="+31"/>
        <source>A/B: %1</source>
        <extracomment>the figure columns: glossary keys, shown after the segment and its start best is green and worst red here: a verdict, not a rise or a fall (those are red-up / green-down)</extracomment>
        <translation>A/B：%1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Topic: %1</source>
        <translation>话题：%1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>(no product explained)</source>
        <translation>（未讲解商品）</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Best</source>
        <translation>最佳</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Worst</source>
        <translation>最差</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>Segment</source>
        <translation>段落</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Start</source>
        <translation>开始</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Rank</source>
        <translation>评价</translation>
    </message>
</context>
<context>
    <name>RunnerStrip</name>
    <message>
        <location filename="../../ui/experiments/runner_strip.py" line="+85"/>
        <location line="+83"/>
        <source>left in slot</source>
        <translation>本时段剩余</translation>
    </message>
    <message>
        <location line="-77"/>
        <source>Switched</source>
        <translation>已切换</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+82"/>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <location line="-81"/>
        <source>Skip slot</source>
        <translation>跳过时段</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Abort</source>
        <translation>中止</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location line="+52"/>
        <source>Switch to %1 now (%2), then press Switched.</source>
        <translation>现在切换到 %1（%2），然后点“已切换”。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>%1 · slot %2 of %3 · %4</source>
        <translation>%1 · 第 %2/%3 时段 · %4</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Not started: switch to the first variant.</source>
        <translation>尚未开始：请切换到第一个方案。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Plan finished</source>
        <translation>计划已完成</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Plan aborted</source>
        <translation>计划已中止</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Next: %1</source>
        <translation>下一个：%1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Last slot</source>
        <translation>最后一个时段</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>paused</source>
        <translation>暂停</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Resume</source>
        <translation>继续</translation>
    </message>
</context>
<context>
    <name>SessionsAttachment</name>
    <message>
        <location filename="../../ui/sessions_menu.py" line="+38"/>
        <source>S&amp;essions</source>
        <translation>场次(&amp;E)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Browse sessions…</source>
        <translation>浏览场次(&amp;B)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;History…</source>
        <translation>历史(&amp;H)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Report on the current or last session…</source>
        <translation>当前或最近场次的报告(&amp;R)…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Import…</source>
        <translation>导入(&amp;I)…</translation>
    </message>
</context>
<context>
    <name>SessionsBrowser</name>
    <message>
        <location filename="../../ui/review/sessions_browser.py" line="+102"/>
        <location line="+267"/>
        <source>Sessions</source>
        <translation>场次回顾</translation>
    </message>
    <message>
        <location line="-254"/>
        <source>Search titles and notes</source>
        <translation>搜索标题和备注</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>From</source>
        <translation>从</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>to</source>
        <translation>至</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+6"/>
        <source>Room</source>
        <translation>直播间</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Start</source>
        <translation>开播时间</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Length</source>
        <translation>时长</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Peak online</source>
        <translation>最高在线</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>GMV</source>
        <translation>成交金额</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Orders</source>
        <translation>成交订单</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Conversion</source>
        <translation>成交转化率</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Alerts</source>
        <translation>告警</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>7-day ROI</source>
        <translation>7日ROI</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Notes</source>
        <translation>备注</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Compare (PK)</source>
        <translation>对比（PK）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Select two sessions to compare them minute by minute</source>
        <translation>选择两个场次，按开播分钟逐分钟对比</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Notes…</source>
        <translation>备注…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Delete…</source>
        <translation>删除…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Report…</source>
        <translation>报告…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>History…</source>
        <translation>历史…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Totals, trends and patterns over a range of days</source>
        <translation>一段日期内的合计、趋势与规律</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Import…</source>
        <translation>导入…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Import sessions from Kuaishou, Taobao Live or WeChat Channels exports</source>
        <translation>从快手、淘宝直播或视频号的导出文件导入场次</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>All rooms</source>
        <translation>全部直播间</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>recording</source>
        <translation>录制中</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>ended</source>
        <translation>已结束</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>interrupted</source>
        <translation>已中断</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>recording stopped</source>
        <translation>已停止录制</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>%1 (est.)</source>
        <translation>%1(估)</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>Estimated by the console from entries and stays: the platform gives no concurrent-online count</source>
        <translation>控制台根据进入人次和停留时长估算：平台接口不提供实时在线人数</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>%1 (settled)</source>
        <translation>%1（结算）</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>%1 (projected)</source>
        <translation>%1（预估）</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>%1 of %2 sessions</source>
        <translation>显示 %1 / 共 %2 场</translation>
    </message>
    <message>
        <location line="+65"/>
        <location line="+8"/>
        <source>Session notes</source>
        <translation>场次备注</translation>
    </message>
    <message>
        <location line="-8"/>
        <source>Notes for %1</source>
        <translation>%1 的备注</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Notes are kept up to %1 characters: the last %2 characters were not saved.</source>
        <translation>备注最多保存 %1 个字符:最后 %2 个字符未保存。</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Delete session</source>
        <translation>删除场次</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delete the session “%1” of %2 and everything recorded in it? This cannot be undone.</source>
        <translation>删除 %2 的场次“%1”及其全部录制数据？此操作无法撤销。</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../ui/settings/dialog.py" line="+96"/>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Qianchuan</source>
        <translation>千川</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Doudian</source>
        <translation>抖店</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Polling</source>
        <translation>数据刷新</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Display</source>
        <translation>显示</translation>
    </message>
    <message>
        <location line="+42"/>
        <location line="+30"/>
        <source>API base URL</source>
        <translation>API 地址</translation>
    </message>
    <message>
        <location line="-29"/>
        <source>App ID</source>
        <translation>应用 ID（App ID）</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+30"/>
        <source>App secret</source>
        <translation>应用密钥（Secret）</translation>
    </message>
    <message>
        <location line="-29"/>
        <source>Advertiser ID</source>
        <translation>广告主 ID</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Douyin account ID (aweme_id)</source>
        <translation>抖音号 ID（aweme_id）</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+27"/>
        <source>Authorization code</source>
        <translation>授权码</translation>
    </message>
    <message>
        <location line="-25"/>
        <source>Authorize in browser</source>
        <translation>授权</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Authorize opens the Qianchuan login page; the code comes back to this console by itself. Or paste a code you obtained elsewhere. Codes are valid for 10 minutes.</source>
        <translation>点击“授权”会打开千川登录授权页，授权码会自动回传到本控制台；也可以粘贴在别处获取的授权码。授权码10分钟内有效。</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>App key</source>
        <translation>应用 Key（App Key）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Shop ID</source>
        <translation>店铺 ID</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Room stats (s)</source>
        <translation>直播间数据（秒）</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Products (s)</source>
        <translation>商品数据（秒）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Traffic sources (s)</source>
        <translation>流量来源（秒）</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Audience (s)</source>
        <translation>观众画像（秒）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Doudian orders (s)</source>
        <translation>抖店订单（秒）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Requests per second allowed, per endpoint</source>
        <translation>各接口每秒请求上限（QPS）</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>A new language takes effect at the next start.</source>
        <translation>切换语言后，下次启动生效。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Language</source>
        <translation>界面语言</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>KPI tiles shown</source>
        <translation>显示的指标卡</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Change over the last (min)</source>
        <translation>变化对比时长（分钟）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Play a sound on alerts (the stream microphone may pick it up)</source>
        <translation>告警时播放提示音（可能被直播麦克风收录）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Sound</source>
        <translation>提示音</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>saved</source>
        <translation>已保存</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>not set</source>
        <translation>未设置</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>paste a code, or use Authorize</source>
        <translation>粘贴授权码，或点击“授权”</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>No system keyring: secrets are kept for this session only and will be asked again at the next start.</source>
        <translation>系统密钥环不可用：密钥仅在本次运行中保留，下次启动需重新输入。</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Choose at least one tile</source>
        <translation>请至少选择一个指标卡</translation>
    </message>
    <message>
        <location line="+43"/>
        <source>No secret store: the secrets cannot be kept.</source>
        <translation>没有可用的密钥存储，无法保存密钥。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The secrets were not saved: %1</source>
        <translation>密钥未保存：%1</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The settings file could not be written: %1</source>
        <translation>设置文件写入失败：%1</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Waiting for the browser: log in and approve…</source>
        <translation>等待浏览器授权：请登录并同意授权…</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>No answer from the browser in time. Try again.</source>
        <translation>浏览器授权超时，请重试。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The answer did not match this request (old tab?). Try again.</source>
        <translation>授权回调与本次请求不匹配（是否是旧的页面？），请重试。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Authorization was refused or came back without a code.</source>
        <translation>授权被拒绝，或未返回授权码。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Cannot listen on 127.0.0.1: %1</source>
        <translation>无法在 127.0.0.1 上监听授权回调：%1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Authorization received. Press OK to save it.</source>
        <translation>已收到授权码，点击“确定”保存。</translation>
    </message>
</context>
<context>
    <name>SideTabs</name>
    <message>
        <location filename="../../ui/common/window_parts.py" line="+51"/>
        <source>All tabs</source>
        <translation>全部标签页</translation>
    </message>
</context>
<context>
    <name>StatusStrip</name>
    <message>
        <location filename="../../ui/live/status_strip.py" line="+78"/>
        <source>● Connected</source>
        <extracomment>data older than this many broadcast seconds is shown as stale even while the connection says ok the space between the status bar&apos;s text and the window&apos;s left and right edges</extracomment>
        <translation>● 已连接</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>● Degraded</source>
        <translation>● 连接不稳定</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>● Connection lost</source>
        <translation>● 连接中断</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>● Connecting…</source>
        <translation>● 连接中…</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>No data yet</source>
        <translation>暂无数据</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Data age %1</source>
        <translation>数据延迟 %1</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Looking for the live room…</source>
        <translation>正在查找直播间…</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>On air %1</source>
        <translation>已开播 %1</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>● Not written: %1 — %2</source>
        <translation>● 未写入 %1 条 — %2</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>● Not recorded — %1</source>
        <translation>● 未录制 — %1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>● REC session %1</source>
        <translation>● 录制中 场次 %1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Not recording</source>
        <translation>未录制</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>preparing</source>
        <translation>准备中</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>live</source>
        <translation>直播中</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>paused</source>
        <translation>暂停</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>ended</source>
        <translation>已结束</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>unknown</source>
        <translation>未知</translation>
    </message>
</context>
<context>
    <name>SurgeStrip</name>
    <message>
        <location filename="../../ui/products/surge_strip.py" line="+37"/>
        <source>Dismiss</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location line="+48"/>
        <source>clicks surging → extend its demonstration</source>
        <translation>点击激增 → 延长讲解</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Click rate %1 against its own recent rate</source>
        <translation>点击率为其近期水平的 %1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1 more</source>
        <translation>另有 %1 条</translation>
    </message>
</context>
<context>
    <name>TimelineList</name>
    <message>
        <location filename="../../ui/review/timeline.py" line="+69"/>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>What</source>
        <translation>事件</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Detail</source>
        <translation>详情</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Alert</source>
        <translation>告警</translation>
    </message>
</context>
<context>
    <name>TrafficPanel</name>
    <message>
        <location filename="../../ui/live/traffic_panel.py" line="+97"/>
        <source>Organic</source>
        <translation>自然流量</translation>
    </message>
    <message>
        <location line="-51"/>
        <source>Traffic sources</source>
        <translation>流量来源</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Waiting for traffic data…</source>
        <translation>等待流量数据…</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Viewers</source>
        <translation>观看人次</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Share</source>
        <translation>占比</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>GMV</source>
        <translation>成交金额</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Paid %1 · Organic %2</source>
        <translation>付费 %1 · 自然 %2</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Paid</source>
        <translation>付费</translation>
    </message>
</context>
<context>
    <name>Validation</name>
    <message>
        <location filename="../../ui/settings/validators.py" line="+44"/>
        <location line="+10"/>
        <source>Required</source>
        <translation>必填</translation>
    </message>
    <message>
        <location line="-7"/>
        <source>Must be a web address starting with http:// or https://</source>
        <translation>请输入以 http:// 或 https:// 开头的网址</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Digits only (copy the ID from the platform&apos;s console)</source>
        <translation>只能是数字（请从平台后台复制 ID）</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Remove the spaces (copied by accident?)</source>
        <translation>请删除空格（是否复制时带上了？）</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Enter a number of seconds</source>
        <translation>请输入秒数</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Between %1 and %2 seconds</source>
        <translation>须在 %1 到 %2 秒之间</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Enter a number of requests per second</source>
        <translation>请输入每秒请求数</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Above 0 and at most %1 requests per second</source>
        <translation>须大于 0 且不超过每秒 %1 次</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>A whole number of minutes from %1 to %2</source>
        <translation>须为 %1 到 %2 之间的整数分钟</translation>
    </message>
</context>
<context>
    <name>VerdictPanel</name>
    <message>
        <location filename="../../ui/experiments/verdict_panel.py" line="+46"/>
        <location line="+31"/>
        <source>No A/B plan yet: A/B → New plan…</source>
        <translation>还没有 A/B 计划：A/B 实验 → 新建计划…</translation>
    </message>
    <message>
        <location line="-19"/>
        <source>Slot</source>
        <translation>时段</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Variant</source>
        <translation>方案</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Switched at</source>
        <translation>切换时间</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>A plan runs two versions of the broadcast (a script, a price, a giveaway) in alternating timed slots, reminds you when to switch, and says which sold more, with how sure that is.</source>
        <translation>A/B 计划把直播的两个版本（话术、价格、福利）按定时段轮流播，到点提醒切换，最后给出哪个卖得更好以及有多大把握。</translation>
    </message>
</context>
</TS>
