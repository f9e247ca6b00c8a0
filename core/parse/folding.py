"""Traditional-script folding for the words reportlint matches (headings, field labels, furniture).

Government sites publish the same page in traditional script (繁體) as well; copies of those
pages reach reportlint as 項目支出績效自評報告 with 一、基本情況. Matching a heading or a
label by meaning needs the simplified form. A full converter (opencc) is a large dependency
for what is a few dozen characters in a closed vocabulary, so this is a data table: the
traditional characters of the words the profiles, the layout labels and the furniture
patterns use, each with its simplified form. `fold_traditional` maps them one for one (the
result has the same length, so offsets stay valid).
"""

from __future__ import annotations

from reportlint import regex_cache

# traditional → simplified, one character each: the vocabulary of headings, labels and page furniture
_PAIRS = (
    "項项 績绩 評评 價价 報报 單单 機机 構构 設设 職职 門门 體体 據据 實实 現现 況况 務务 預预 "
    "執执 與与 題题 進进 議议 標标 業业 經经 濟济 費费 資资 總总 開开 時时 間间 質质 結结 "
    "問问 關关 於于 財财 稱称 號号 廣广 東东 縣县 區区 鎮镇 鄉乡 長长 發发 佈布 網网 頁页 瀏浏 "
    "覽览 數数 當当 載载 閉闭 統统 計计 劃划 將将 擬拟 達达 後后 況况 說说 明明 細细 績绩 員员 "
    "組组 織织 領领 導导 責责 論论 決决 權权 處处 應应 會会 勵励 獎奖 懲惩 規规 範范 "
    "種种 類类 屬属 壹壹 貳贰 參参 陸陆 門门 戶户 產产 補补 貼贴 區区 衛卫 藥药 醫医 學学 "
    "農农 莊庄 鄰邻 邊边 環环 節节 約约 減减 無无 為为 這这 個个 們们 來来 過过 對对 "
    "係系 繫系 臺台 條条 糧粮 訊讯 證证 並并 兩两 萬万 億亿 歲岁 於于 僅仅 從从 點点 見见 "
    "轉转 移移 衔衔 銜衔 專专 幹干 險险 廠厂 庫库 審审 覈核 簽签 碼码 號号 檔档 圖图 "
    "歸归 動动 調调 講讲 認认 識识 願愿 滿满 億亿 級级 維维 護护 運运 營营 銷销 錄录 "
    "辦办 選选 擇择 請请 填填 寫写 簡简 述述 內内 容容 況况 優优 良良 差差 則则 "
    "週周 期期 賬账 帳账 貨货 購购 採采 價价 额额 額额 餘余 剩剩 億亿 異异 偏偏 差差 "
    "編编 監监 製制 續续 順顺 衆众 眾众 齊齐 園园 裡里 觀观 館馆 歷历 態态 勢势 壓压 擴扩 廳厅 圍围 "
    "養养 飲饮 華华 聯联 儲储 繳缴 圓圆 團团 夠够 傳传 藝艺 術术 舉举 協协 獻献 鑒鉴 驗验 樣样 準准 "
    "確确 練练 變变 遊游 廣广 電电 視视 聽听 衆众 選选 舊旧 慶庆 優优 盡尽 擔担 負负 "
    "訂订 徵征 稅税 險险 社社 保保 國国 有有 營营 基基 金金 府府 政政 性性 "
    "離离 撥拨 綜综 礎础 響响 嚴严 強强 積积 極极 獲获 風风 檢检 豐丰 "
)
TRADITIONAL: dict[str, str] = {pair[0]: pair[1] for pair in _PAIRS.split() if len(pair) == 2 and pair[0] != pair[1]}
_TABLE = str.maketrans(TRADITIONAL)
# str.translate looks every character up in the table (slow on a long text); most texts are in
# simplified script and hold none of its characters, which one character-class search tells.
_ANY_TRADITIONAL = regex_cache.compile("[" + "".join(sorted(TRADITIONAL)) + "]")


def fold_traditional(text: str) -> str:
    """`text` with the table's traditional characters written simplified (same length)."""
    if _ANY_TRADITIONAL.search(text) is None:
        return text
    return text.translate(_TABLE)


def looks_traditional(text: str) -> bool:
    """Whether `text` holds characters of the table (a traditional-script copy)."""
    return any(char in TRADITIONAL for char in text)
