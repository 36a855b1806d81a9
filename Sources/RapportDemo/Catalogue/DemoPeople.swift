import Foundation

/// A person's name as written locally, plus the ASCII spelling used in e-mail addresses.
struct DemoPerson: Sendable {
    let name: String
    /// Lower-case ASCII given and family names (pinyin, BGN-style transliteration).
    let givenLatin: String
    let familyLatin: String
    let female: Bool

    /// An e-mail local part in one of the styles companies use.
    func emailLocal(style: Int) -> String {
        switch style % 4 {
        case 0: "\(givenLatin).\(familyLatin)"
        case 1: "\(givenLatin.prefix(1)).\(familyLatin)"
        case 2: "\(familyLatin).\(givenLatin)"
        default: "\(givenLatin.prefix(1))\(familyLatin)"
        }
    }
}

enum DemoPeople {
    static func make(_ language: DemoLanguage, _ random: inout DemoRandom) -> DemoPerson {
        let female = random.chance(0.45)
        switch language {
        case .chinese:
            let family = random.pick(chineseFamily)
            let given = random.pick(female ? chineseFemale : chineseMale)
            return DemoPerson(name: family.0 + given.0, givenLatin: given.1, familyLatin: family.1, female: female)
        case .russian:
            let given = random.pick(female ? russianFemale : russianMale)
            let family = random.pick(russianFamily)
            let (cyrillic, latin) = female ? feminine(family) : family
            return DemoPerson(name: "\(given.0) \(cyrillic)", givenLatin: given.1, familyLatin: latin, female: female)
        case .english:
            let given = random.pick(female ? englishFemale : englishMale)
            let family = random.pick(englishFamily)
            return DemoPerson(name: "\(given) \(family)", givenLatin: ascii(given), familyLatin: ascii(family), female: female)
        }
    }

    /// Russian family names agree with gender: Петров → Петрова, Вишневский → Вишневская.
    static func feminine(_ family: (String, String)) -> (String, String) {
        if family.0.hasSuffix("ий") {
            return (String(family.0.dropLast(2)) + "ая", String(family.1.dropLast(1)) + "aya")
        }
        return (family.0 + "а", family.1 + "a")
    }

    static func ascii(_ text: String) -> String {
        String(text.lowercased().unicodeScalars.filter { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0)) })
    }

    static let chineseFamily = DemoTable.pairs("""
        王|wang, 李|li, 张|zhang, 刘|liu, 陈|chen, 杨|yang, 黄|huang, 赵|zhao, 吴|wu, 周|zhou, 徐|xu, 孙|sun, 马|ma, 朱|zhu,
        胡|hu, 郭|guo, 何|he, 林|lin, 高|gao, 罗|luo, 郑|zheng, 梁|liang, 谢|xie, 宋|song, 唐|tang, 许|xu, 韩|han, 冯|feng,
        邓|deng, 曹|cao, 彭|peng, 曾|zeng, 肖|xiao, 田|tian, 董|dong, 潘|pan, 袁|yuan, 蔡|cai, 蒋|jiang, 余|yu, 欧阳|ouyang, 司马|sima
        """)
    static let chineseMale = DemoTable.pairs("""
        伟|wei, 强|qiang, 磊|lei, 军|jun, 洋|yang, 勇|yong, 杰|jie, 涛|tao, 明|ming, 超|chao, 刚|gang, 斌|bin, 鑫|xin, 宇|yu,
        浩|hao, 建华|jianhua, 建国|jianguo, 志强|zhiqiang, 晓明|xiaoming, 俊杰|junjie, 浩然|haoran, 思远|siyuan, 子轩|zixuan,
        宇航|yuhang, 国平|guoping, 海波|haibo, 永刚|yonggang, 文博|wenbo, 天宇|tianyu, 立新|lixin
        """)
    static let chineseFemale = DemoTable.pairs("""
        芳|fang, 娜|na, 敏|min, 静|jing, 丽|li, 艳|yan, 娟|juan, 霞|xia, 秀英|xiuying, 桂英|guiying, 海燕|haiyan, 婷|ting,
        雪|xue, 琳|lin, 颖|ying, 欣怡|xinyi, 子涵|zihan, 梓萱|zixuan, 佳怡|jiayi, 雨桐|yutong, 晓燕|xiaoyan, 慧|hui, 丹|dan,
        萍|ping, 玉兰|yulan, 美玲|meiling, 诗涵|shihan, 思琪|siqi, 文静|wenjing, 春梅|chunmei
        """)
    static let russianMale = DemoTable.pairs("""
        Александр|aleksandr, Дмитрий|dmitry, Максим|maksim, Сергей|sergey, Андрей|andrey, Алексей|aleksey, Артём|artem,
        Илья|ilya, Кирилл|kirill, Михаил|mikhail, Никита|nikita, Матвей|matvey, Роман|roman, Егор|egor, Иван|ivan,
        Владимир|vladimir, Николай|nikolay, Павел|pavel, Евгений|evgeny, Олег|oleg, Игорь|igor, Юрий|yury, Виктор|viktor,
        Константин|konstantin, Денис|denis, Станислав|stanislav, Георгий|georgy, Фёдор|fedor, Тимур|timur, Вадим|vadim
        """)
    static let russianFemale = DemoTable.pairs("""
        Анна|anna, Мария|mariya, Елена|elena, Ольга|olga, Наталья|natalya, Татьяна|tatyana, Ирина|irina, Екатерина|ekaterina,
        Светлана|svetlana, Юлия|yuliya, Анастасия|anastasiya, Дарья|darya, Ксения|kseniya, Марина|marina, Виктория|viktoriya,
        Алина|alina, Полина|polina, Софья|sofya, Людмила|lyudmila, Галина|galina, Вера|vera, Надежда|nadezhda,
        Евгения|evgeniya, Алёна|alena, Валерия|valeriya, Кристина|kristina, Олеся|olesya, Жанна|zhanna, Лариса|larisa, Оксана|oksana
        """)
    static let russianFamily = DemoTable.pairs("""
        Иванов|ivanov, Смирнов|smirnov, Кузнецов|kuznetsov, Попов|popov, Васильев|vasilyev, Петров|petrov, Соколов|sokolov,
        Михайлов|mikhaylov, Новиков|novikov, Фёдоров|fedorov, Морозов|morozov, Волков|volkov, Алексеев|alekseev,
        Лебедев|lebedev, Семёнов|semenov, Егоров|egorov, Павлов|pavlov, Козлов|kozlov, Степанов|stepanov, Николаев|nikolaev,
        Орлов|orlov, Андреев|andreev, Макаров|makarov, Никитин|nikitin, Захаров|zakharov, Зайцев|zaytsev, Соловьёв|solovyev,
        Борисов|borisov, Яковлев|yakovlev, Григорьев|grigoryev, Романов|romanov, Воробьёв|vorobyev, Сергеев|sergeev,
        Кузьмин|kuzmin, Фролов|frolov, Александров|aleksandrov, Дмитриев|dmitriev, Королёв|korolev, Гусев|gusev,
        Киселёв|kiselev, Ильин|ilyin, Максимов|maksimov, Поляков|polyakov, Сорокин|sorokin, Виноградов|vinogradov,
        Ковалёв|kovalev, Белов|belov, Медведев|medvedev, Антонов|antonov, Тарасов|tarasov, Жуков|zhukov, Баранов|baranov,
        Филиппов|filippov, Комаров|komarov, Давыдов|davydov, Беляев|belyaev, Герасимов|gerasimov, Богданов|bogdanov,
        Осипов|osipov, Сидоров|sidorov, Матвеев|matveev, Титов|titov, Марков|markov, Миронов|mironov, Крылов|krylov,
        Куликов|kulikov, Карпов|karpov, Власов|vlasov, Мельников|melnikov, Денисов|denisov, Тихонов|tikhonov,
        Высоцкий|vysotsky, Вишневский|vishnevsky, Островский|ostrovsky, Покровский|pokrovsky, Успенский|uspensky
        """)
    static let englishMale = DemoTable.list("""
        James, John, Robert, Michael, William, David, Richard, Joseph, Thomas, Charles, Daniel, Matthew, Anthony, Mark,
        Steven, Paul, Andrew, Joshua, Kevin, Brian, George, Edward, Ryan, Jacob, Oliver, Harry, Jack, Liam, Noah, Sean,
        Patrick, Conor
        """)
    static let englishFemale = DemoTable.list("""
        Mary, Patricia, Jennifer, Linda, Elizabeth, Barbara, Susan, Jessica, Sarah, Karen, Emily, Emma, Olivia, Sophie,
        Charlotte, Amelia, Hannah, Grace, Laura, Rachel, Rebecca, Megan, Lucy, Chloe, Aoife, Niamh, Siobhan, Ciara, Katie, Anna
        """)
    static let englishFamily = DemoTable.list("""
        Smith, Johnson, Williams, Brown, Jones, Miller, Davis, Wilson, Anderson, Taylor, Thomas, Moore, Martin, Jackson,
        Thompson, White, Harris, Clark, Lewis, Robinson, Walker, Young, Allen, King, Wright, Scott, Hill, Green, Adams, Baker,
        Nelson, Carter, Mitchell, Roberts, Turner, Phillips, Campbell, Parker, Evans, Edwards, Collins, Stewart, Morris,
        Murphy, Cook, Rogers, Morgan, Cooper, Reed, Bailey, Bell, Kelly, Howard, Ward, Cox, Richardson, Wood, Watson, Brooks,
        Bennett, Gray, Hughes, Price, Walsh, O'Brien, Byrne, Ryan, O'Connor, Doyle, McCarthy, Gallagher, Kennedy, Lynch,
        Murray, Quinn, Davies, Patel, Khan, Nguyen, Garcia
        """)
}
